package io.tiercache.codec;

/**
 * Stored bytes are not a valid entry for this codec: foreign, damaged, or written by another
 * codec or codec version. Tiers catch it and report a miss; it never reaches a caller.
 */
public final class CorruptEntryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param reason why the bytes were rejected
   */
  public CorruptEntryException(String reason) {
    super(reason);
  }

  /**
   * Creates the exception with the codec's failure as its cause.
   *
   * @param reason why the bytes were rejected
   * @param cause the codec's failure
   */
  public CorruptEntryException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
