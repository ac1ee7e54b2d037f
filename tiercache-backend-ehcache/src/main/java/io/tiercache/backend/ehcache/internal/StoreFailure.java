package io.tiercache.backend.ehcache.internal;

import org.ehcache.shadow.org.terracotta.offheapstore.exceptions.OversizeMappingException;
import org.ehcache.spi.resilience.StoreAccessException;

/**
 * Ehcache could not carry out an operation on its store: the disk failed, or an entry did not
 * fit. Thrown by {@link FailFastResilience} instead of Ehcache's default of swallowing the
 * failure, so that the tier can keep its tag index right and report the failure.
 */
public final class StoreFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param cause Ehcache's failure
   */
  public StoreFailure(StoreAccessException cause) {
    super(cause.getMessage(), cause);
  }

  /**
   * Tells whether the operation failed because the entry is too large for the store: Ehcache's
   * off-heap and disk stores fail a write they cannot make room for.
   *
   * @return {@code true} if an entry did not fit
   */
  public boolean entryTooLarge() {
    for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof OversizeMappingException) {
        return true;
      }
    }
    return false;
  }
}
