package io.tiercache.backend.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tiercache.backend.redis.internal.InvalidationCodec;
import io.tiercache.backend.redis.internal.SerialExecutor;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Redis tier's {@link InvalidationBus}: messages on the tier's pub/sub channel, and with
 * {@code coherence=tracking} the server's own reports of changed keys.
 *
 * <p>Messages are {@link InvalidationCodec} bytes, published on the data connection and received
 * on a connection of their own. Malformed messages are dropped, counted and logged (the first,
 * then every thousandth). Key changes reported by client tracking arrive as {@link
 * Invalidation.Kind#KEYS KEYS} messages from origin {@value #TRACKING_ORIGIN}, which no stack
 * uses; in that mode publishing {@code KEYS} sends nothing, since the server reports the change
 * itself, while {@code TAGS} and {@code CLEAR} are still published.
 *
 * <p>The bus is connected while its subscription is (and, with tracking, while the data
 * connection is up with tracking on). Losing either tells the listeners
 * {@link InvalidationListener#onConnectionLost()} once; when everything is back (the channel
 * subscribed again, tracking enabled again) they are told {@link
 * InvalidationListener#onReconnected()}. Listeners are called one at a time, in the order of
 * events, on the tier's executor threads, never on Lettuce's I/O threads.
 *
 * <p>Safe for concurrent use.
 */
final class RedisInvalidationBus implements InvalidationBus {

  /** The origin of invalidations reported by client tracking: not any stack's. */
  static final String TRACKING_ORIGIN = "redis-client-tracking";

  private static final System.Logger LOG = System.getLogger(RedisInvalidationBus.class.getName());

  private final String tierName;
  private final boolean tracking;
  private final String channel;
  private final String trackedPrefix;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final Executor completions;
  private final SerialExecutor deliveries;
  private final CopyOnWriteArrayList<InvalidationListener> listeners =
      new CopyOnWriteArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  // Link state, guarded by this.
  private boolean subscribed = true;
  private boolean trackingOn = true;
  private boolean lost;
  private volatile boolean closed;

  /**
   * Creates the bus; the tier's connections feed it.
   *
   * @param tierName the tier's name, for messages
   * @param tracking whether client tracking reports key changes
   * @param channel the pub/sub channel
   * @param trackedPrefix the prefix of tracked keys, stripped to get the tier's keys
   * @param commands the data connection, for {@code PUBLISH}
   * @param executor where futures complete and listeners run
   */
  RedisInvalidationBus(
      String tierName,
      boolean tracking,
      String channel,
      String trackedPrefix,
      RedisClusterAsyncCommands<String, byte[]> commands,
      Executor executor) {
    this.tierName = tierName;
    this.tracking = tracking;
    this.channel = channel;
    this.trackedPrefix = trackedPrefix;
    this.commands = commands;
    this.completions = executor;
    this.deliveries = new SerialExecutor(executor);
  }

  /**
   * Publishes a message on the tier's channel. With client tracking, a {@code KEYS} message is
   * not sent (the server reports key changes itself) and the future completes at once.
   *
   * @param message the message
   * @return a future completed when {@code PUBLISH} returned, or failed with {@link
   *     io.tiercache.spi.TierAccessException}
   * @throws IllegalStateException if the bus is closed
   */
  @Override
  public CompletableFuture<Void> publish(Invalidation message) {
    Objects.requireNonNull(message, "message must not be null");
    ensureOpen();
    if (tracking && message.kind() == Invalidation.Kind.KEYS) {
      return CompletableFuture.completedFuture(null);
    }
    byte[] bytes = InvalidationCodec.encode(message);
    CompletableFuture<Long> sent;
    try {
      sent = commands.publish(channel, bytes).toCompletableFuture();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handleAsync(
        (count, failure) -> {
          if (failure != null) {
            throw Failures.of(tierName, "PUBLISH on '" + channel + "'", failure);
          }
          return null;
        },
        completions);
  }

  @Override
  public AutoCloseable subscribe(InvalidationListener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    ensureOpen();
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public synchronized boolean isConnected() {
    return !closed && !lost;
  }

  /**
   * Stops delivering messages and refuses further use. Idempotent. The subscription's connection
   * belongs to the tier and is closed with it, which also closes the bus.
   */
  @Override
  public void close() {
    closed = true;
    listeners.clear();
  }

  /** Returns the number of messages received, malformed ones included. */
  long received() {
    return received.get();
  }

  /** Returns the number of malformed messages dropped. */
  long malformed() {
    return malformed.get();
  }

  @Override
  public String toString() {
    return "RedisInvalidationBus[" + tierName + ", channel '" + channel + "'"
        + (tracking ? ", tracking '" + trackedPrefix + "'" : "") + ", "
        + (closed ? "closed" : isConnected() ? "connected" : "disconnected") + ", "
        + received.get() + " received, " + malformed.get() + " malformed]";
  }

  // ---------------------------------------------------------------------------------------------
  // Fed by the tier's connections, on Lettuce's threads: quick, never throwing.

  /** A message arrived on a subscribed channel. */
  void onMessage(String from, byte[] bytes) {
    if (closed || !channel.equals(from)) {
      return;
    }
    received.incrementAndGet();
    Invalidation message;
    try {
      message = InvalidationCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      long count = malformed.incrementAndGet();
      if (count == 1 || count % 1000 == 0) {
        LOG.log(Level.WARNING, "tier ''{0}'': dropped a malformed invalidation message on"
            + " channel ''{1}'' ({2} so far): {3}", tierName, channel, count, e.getMessage());
      }
      return;
    }
    deliver(listener -> listener.onInvalidation(message));
  }

  /**
   * Client tracking reported changed keys (Redis keys, with the tier's prefix), or {@code null}
   * for a flush of the whole database.
   */
  void onTracked(@Nullable List<String> redisKeys) {
    if (closed) {
      return;
    }
    received.incrementAndGet();
    if (redisKeys == null) {
      deliver(listener ->
          listener.onInvalidation(
              new Invalidation(TRACKING_ORIGIN, Invalidation.Kind.CLEAR, List.of())));
      return;
    }
    List<String> keys = new ArrayList<>(redisKeys.size());
    for (String redisKey : redisKeys) {
      if (redisKey.startsWith(trackedPrefix) && redisKey.length() > trackedPrefix.length()) {
        keys.add(redisKey.substring(trackedPrefix.length()));
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    Invalidation message = new Invalidation(TRACKING_ORIGIN, Invalidation.Kind.KEYS, keys);
    deliver(listener -> listener.onInvalidation(message));
  }

  /** The subscription's connection dropped. */
  void onSubscriptionLost() {
    boolean tell;
    synchronized (this) {
      subscribed = false;
      tell = markLost();
    }
    if (tell) {
      deliver(InvalidationListener::onConnectionLost);
    }
  }

  /** The channel is subscribed (again). */
  void onSubscribed() {
    boolean tell;
    synchronized (this) {
      subscribed = true;
      tell = markBack();
    }
    if (tell) {
      deliver(InvalidationListener::onReconnected);
    }
  }

  /** The tracking connection dropped. */
  void onTrackingLost() {
    boolean tell;
    synchronized (this) {
      trackingOn = false;
      tell = markLost();
    }
    if (tell) {
      deliver(InvalidationListener::onConnectionLost);
    }
  }

  /** Tracking is on (again). */
  void onTrackingEnabled() {
    boolean tell;
    synchronized (this) {
      trackingOn = true;
      tell = markBack();
    }
    if (tell) {
      deliver(InvalidationListener::onReconnected);
    }
  }

  private boolean markLost() {
    if (lost || closed) {
      return false;
    }
    lost = true;
    LOG.log(Level.INFO, "tier ''{0}'': invalidation channel lost; local tiers above it are"
        + " cleared, and again once it is back", tierName);
    return true;
  }

  private boolean markBack() {
    if (!lost || closed || !subscribed || (tracking && !trackingOn)) {
      return false;
    }
    lost = false;
    LOG.log(Level.INFO, "tier ''{0}'': invalidation channel back", tierName);
    return true;
  }

  private void deliver(Consumer<InvalidationListener> event) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      deliveries.execute(
          () -> {
            for (InvalidationListener listener : listeners) {
              try {
                event.accept(listener);
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tier ''" + tierName + "'': an invalidation listener"
                    + " threw", e);
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The JVM's Redis tiers are all closed: nobody is left to tell.
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the invalidation bus of tier '" + tierName
          + "' is closed");
    }
  }
}
