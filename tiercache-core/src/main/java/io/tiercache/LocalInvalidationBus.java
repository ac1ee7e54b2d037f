package io.tiercache;

import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationListener;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link InvalidationBus} inside one JVM: messages are delivered to every subscriber on the
 * publisher's thread before {@link #publish} returns. For several {@link TieredCache}s in one
 * process that share a lower tier, and for tests, which can also simulate a lost connection with
 * {@link #disconnect()} and {@link #reconnect()}.
 *
 * <p>Safe for concurrent use.
 */
public final class LocalInvalidationBus implements InvalidationBus {

  private final CopyOnWriteArrayList<InvalidationListener> listeners =
      new CopyOnWriteArrayList<>();
  private final AtomicBoolean connected = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates a connected bus with no subscriber. */
  public LocalInvalidationBus() {}

  /**
   * Delivers a message to every subscriber, unless the bus is disconnected, in which case the
   * message is lost, as it would be on a real network.
   *
   * @param message the message
   * @return a completed future
   * @throws IllegalStateException if the bus is closed
   */
  @Override
  public CompletableFuture<Void> publish(Invalidation message) {
    Objects.requireNonNull(message, "message must not be null");
    ensureOpen();
    if (connected.get()) {
      for (InvalidationListener listener : listeners) {
        listener.onInvalidation(message);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public AutoCloseable subscribe(InvalidationListener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    ensureOpen();
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public boolean isConnected() {
    return connected.get() && !closed.get();
  }

  /**
   * Simulates a lost connection: subscribers are told, and messages are dropped until {@link
   * #reconnect()}.
   */
  public void disconnect() {
    if (connected.compareAndSet(true, false)) {
      for (InvalidationListener listener : listeners) {
        listener.onConnectionLost();
      }
    }
  }

  /** Ends a simulated outage: subscribers are told that messages may have been missed. */
  public void reconnect() {
    if (connected.compareAndSet(false, true)) {
      for (InvalidationListener listener : listeners) {
        listener.onReconnected();
      }
    }
  }

  @Override
  public void close() {
    closed.set(true);
    listeners.clear();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the invalidation bus is closed");
    }
  }
}
