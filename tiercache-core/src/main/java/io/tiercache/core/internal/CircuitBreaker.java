package io.tiercache.core.internal;

import io.tiercache.BreakerState;
import io.tiercache.spi.TierClock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A circuit breaker for one tier: closed while calls succeed; open after a number of failures in
 * a row, when calls are skipped at once; half-open after a cool-down, when one probe call is let
 * through, whose outcome closes or reopens it. Time is read from the stack's clock, so tests move
 * it. Lock-free and safe for concurrent use.
 */
public final class CircuitBreaker {

  private final int failureThreshold;
  private final long openNanos;
  private final TierClock clock;
  private final AtomicReference<BreakerState> state = new AtomicReference<>(BreakerState.CLOSED);
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong openedAt = new AtomicLong();
  private final AtomicLong probeStartedAt = new AtomicLong();

  /**
   * Creates a closed breaker.
   *
   * @param failureThreshold failures in a row that open it; at least 1
   * @param openNanos how long it stays open before letting a probe through
   * @param clock the clock
   */
  public CircuitBreaker(int failureThreshold, long openNanos, TierClock clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failureThreshold was " + failureThreshold + " but must be at least 1");
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openNanos;
    this.clock = clock;
  }

  /**
   * Asks whether a call may go to the tier now. In the half-open state only one caller at a time
   * is allowed, as the probe.
   *
   * @return {@code true} if the call may proceed
   */
  public boolean allow() {
    BreakerState current = state.get();
    if (current == BreakerState.CLOSED) {
      return true;
    }
    long now = clock.nanoTime();
    if (current == BreakerState.OPEN) {
      if (now - openedAt.get() < openNanos) {
        return false;
      }
      if (state.compareAndSet(BreakerState.OPEN, BreakerState.HALF_OPEN)) {
        probeStartedAt.set(now);
        return true;
      }
      return false;
    }
    // Half-open with a probe under way: if the probe never reported (its caller vanished), let
    // another through after a further cool-down.
    long started = probeStartedAt.get();
    return now - started >= openNanos && probeStartedAt.compareAndSet(started, now);
  }

  /** Records a successful call: closes the breaker. */
  public void onSuccess() {
    // Read before writing: on the hit path of an in-process tier this runs on every read, and an
    // unconditional volatile store would cost a fence and bounce the line between cores.
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
    if (state.get() != BreakerState.CLOSED) {
      state.set(BreakerState.CLOSED);
    }
  }

  /** Records a failed call: opens the breaker after enough failures, or at once when probing. */
  public void onFailure() {
    int failures = consecutiveFailures.incrementAndGet();
    BreakerState current = state.get();
    if (current == BreakerState.HALF_OPEN
        || (current == BreakerState.CLOSED && failures >= failureThreshold)) {
      openedAt.set(clock.nanoTime());
      state.set(BreakerState.OPEN);
    }
  }

  /**
   * Returns the state.
   *
   * @return the state
   */
  public BreakerState state() {
    return state.get();
  }
}
