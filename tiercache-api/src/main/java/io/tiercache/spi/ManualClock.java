package io.tiercache.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TierClock} that moves only when told to, for tests: give it to every tier of a stack
 * and advance it instead of waiting for time to pass.
 *
 * <p>Both readings move together: advancing by a duration adds it to {@link #millis()} (truncated
 * to milliseconds) and to {@link #nanoTime()}. Safe for concurrent use.
 */
public final class ManualClock implements TierClock {

  private final long originMillis;
  private final AtomicLong elapsedNanos = new AtomicLong();

  /**
   * Creates a clock that starts at the given instant.
   *
   * @param start the wall-clock time the clock reads at first
   */
  public ManualClock(Instant start) {
    this.originMillis = Objects.requireNonNull(start, "start must not be null").toEpochMilli();
  }

  /** Creates a clock that starts at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public long millis() {
    return originMillis + elapsedNanos.get() / 1_000_000L;
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far; must not be negative
   * @return this clock
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public ManualClock advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "a clock only moves forward: amount was " + amount + " but must not be negative");
    }
    elapsedNanos.addAndGet(amount.toNanos());
    return this;
  }

  /**
   * Moves the clock forward by a number of milliseconds.
   *
   * @param millis how far; must not be negative
   * @return this clock
   * @throws IllegalArgumentException if {@code millis} is negative
   */
  public ManualClock advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }

  @Override
  public String toString() {
    return "ManualClock[" + Instant.ofEpochMilli(millis()) + "]";
  }
}
