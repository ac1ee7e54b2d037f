package io.tiercache.backend.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling; never sleeps for a fixed time. */
final class Await {

  private Await() {}

  /**
   * Polls a condition every millisecond until it holds.
   *
   * @throws AssertionError if it does not hold within the timeout
   */
  static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  /**
   * Polls a condition every millisecond until it holds.
   *
   * @param state describes the state when the condition fails, for the message
   * @throws AssertionError if it does not hold within the timeout
   */
  static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what + " did not happen within " + timeout.toMillis() + " ms " + state.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Returns the milliseconds elapsed since a {@link System#nanoTime()} reading. */
  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
