package io.tiercache.backend.redis.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The Lettuce client resources (event loops, timer) and the completion executor shared by every
 * Redis tier of the JVM, created with the first tier and released with the last.
 *
 * <p>Reconnection waits grow from 10 ms to at most {@link #MAX_RECONNECT_DELAY}, with jitter, so
 * that a restarted server is found again within about a second and a dead one costs one attempt
 * per second per connection.
 *
 * <p>The executor completes the futures of the tiers' tag operations and clears, and delivers
 * invalidation messages, off Lettuce's I/O threads, so that a listener may block without stopping
 * the connection that would answer it. Reads and writes complete on the I/O threads. Its threads are created on demand, are
 * daemons named {@code tiercache-redis-<n>}, and end after 60 s idle. Safe for concurrent use.
 */
public final class SharedResources {

  /** The longest wait between two reconnection attempts. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private static final Object LOCK = new Object();
  private static @Nullable SharedResources current;
  private static int users;

  private final ClientResources resources;
  private final ExecutorService executor;

  private SharedResources() {
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.equalJitter(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 10, TimeUnit.MILLISECONDS))
            .build();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "tiercache-redis-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Takes a reference to the shared resources, creating them for the first user.
   *
   * @return the resources; give them back with {@link #release()}
   */
  public static SharedResources acquire() {
    synchronized (LOCK) {
      SharedResources shared = current;
      if (shared == null) {
        shared = new SharedResources();
        current = shared;
      }
      users++;
      return shared;
    }
  }

  /**
   * Gives back a reference; the last one shuts the resources down, without waiting.
   */
  public void release() {
    synchronized (LOCK) {
      if (current != this) {
        return;
      }
      users--;
      if (users > 0) {
        return;
      }
      current = null;
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
    executor.shutdown();
  }

  /**
   * Returns Lettuce's client resources.
   *
   * @return the resources
   */
  public ClientResources clientResources() {
    return resources;
  }

  /**
   * Returns the executor that completes futures and delivers messages.
   *
   * @return the executor
   */
  public ExecutorService executor() {
    return executor;
  }

  /**
   * Returns the number of tiers using the shared resources now.
   *
   * @return the count
   */
  public static int users() {
    synchronized (LOCK) {
      return users;
    }
  }

  @Override
  public String toString() {
    return "SharedResources[" + users() + " users]";
  }
}
