package io.tiercache.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tier could not be read or written: its server is down, slow or refused the command. Backends
 * complete their futures exceptionally with it; the tiered core treats it as a miss for reads and
 * a dropped write for writes, so callers see it only when no tier and no loader can answer.
 */
public class TierAccessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String tier;

  /**
   * Creates the exception.
   *
   * @param tier the name of the tier that failed (never containing credentials)
   * @param message what failed
   * @param cause the underlying failure, if any
   */
  public TierAccessException(String tier, String message, @Nullable Throwable cause) {
    super("tier '" + Objects.requireNonNull(tier, "tier") + "': " + message, cause);
    this.tier = tier;
  }

  /**
   * Creates the exception without a cause.
   *
   * @param tier the name of the tier that failed
   * @param message what failed
   */
  public TierAccessException(String tier, String message) {
    this(tier, message, null);
  }

  /**
   * Returns the name of the tier that failed.
   *
   * @return the tier name
   */
  public String tier() {
    return tier;
  }
}
