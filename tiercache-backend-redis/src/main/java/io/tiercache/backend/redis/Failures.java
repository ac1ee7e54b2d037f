package io.tiercache.backend.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.tiercache.spi.TierAccessException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns Lettuce's failures into the tier's: {@link TierAccessException}s naming the tier. */
final class Failures {

  private Failures() {}

  /**
   * Returns the failure of an operation as a {@link TierAccessException}. A timeout keeps a
   * {@link TimeoutException} as its cause, so that callers can tell it from other failures.
   *
   * @param tier the tier's name
   * @param operation what failed, such as {@code GET}
   * @param failure what Lettuce reported
   * @return the exception to complete the operation's future with
   */
  static RuntimeException of(String tier, String operation, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof TierAccessException || cause instanceof IllegalStateException
        || cause instanceof IllegalArgumentException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
      TimeoutException timeout = new TimeoutException(operation + " timed out: " + cause.getMessage());
      timeout.initCause(cause);
      return new TierAccessException(tier, operation + " timed out", timeout);
    }
    return new TierAccessException(tier, operation + " failed: " + cause.getMessage(), cause);
  }

  /** Strips the wrappers futures put around a failure. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
