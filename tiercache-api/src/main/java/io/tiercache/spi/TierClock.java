package io.tiercache.spi;

/**
 * The time source of a tier stack. Entry expiry ({@link CacheEntry#expiresAt()},
 * {@link CacheEntry#staleUntil()}) is wall-clock time in epoch milliseconds, because entries
 * travel between processes; {@link #nanoTime()} is a monotonic reading for measuring elapsed
 * time and for in-process stores (such as Caffeine's {@code Ticker}) that want one.
 *
 * <p>Implementations must be safe for concurrent use and cheap to call.
 */
public interface TierClock {

  /**
   * Returns the current wall-clock time.
   *
   * @return milliseconds since the epoch
   */
  long millis();

  /**
   * Returns a monotonic reading in nanoseconds, with an arbitrary origin, that advances together
   * with {@link #millis()}.
   *
   * @return nanoseconds from an arbitrary, fixed origin
   */
  long nanoTime();

  /**
   * Returns the clock of the machine: {@link System#currentTimeMillis()} and
   * {@link System#nanoTime()}.
   *
   * @return the system clock
   */
  static TierClock system() {
    return SystemClock.INSTANCE;
  }
}

/** The machine's clock. */
enum SystemClock implements TierClock {
  INSTANCE;

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "TierClock.system()";
  }
}
