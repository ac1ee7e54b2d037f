package io.tiercache.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting with a deadline, never by sleeping. */
public final class Await {

  /** Generous: only a broken build waits this long. */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private Await() {}

  /** Returns a future's value, failing the test if it takes longer than the deadline. */
  public static <T> T done(CompletableFuture<T> future) {
    try {
      return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within " + DEADLINE);
    }
  }

  /** Returns a future's failure, failing the test if it completes normally or too late. */
  public static Throwable failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure but the future completed with " + value);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within " + DEADLINE);
    }
  }

  /** Spins (yielding) until a condition holds, failing the test at the deadline. */
  public static void until(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.yield();
    }
  }
}
