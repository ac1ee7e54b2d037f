package io.tiercache.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Carries {@link Invalidation invalidations} between processes that share a tier, so that each
 * keeps its local tiers coherent: a stack publishes every write and invalidation, and evicts its
 * local tiers on messages from other origins. Shared backends offer one through
 * {@link CacheBackend#invalidationBus()} (Redis pub/sub or client tracking, a Hazelcast topic).
 *
 * <p>Safe for concurrent use.
 */
public interface InvalidationBus extends AutoCloseable {

  /**
   * Publishes a message to every subscriber of the bus, in every process.
   *
   * @param message the message
   * @return a future completed when the transport accepted the message (for Redis, when
   *     {@code PUBLISH} returned), or failed with {@link TierAccessException}
   */
  CompletableFuture<Void> publish(Invalidation message);

  /**
   * Subscribes a listener. It receives every message published on the bus, including this
   * process's own, and every loss and return of the connection.
   *
   * @param listener the listener
   * @return a handle whose {@code close()} unsubscribes the listener
   */
  AutoCloseable subscribe(InvalidationListener listener);

  /**
   * Tells whether messages are being received now.
   *
   * @return {@code true} if connected
   */
  boolean isConnected();

  /** Stops the bus. Idempotent. */
  @Override
  void close();
}
