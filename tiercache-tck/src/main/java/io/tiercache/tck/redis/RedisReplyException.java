package io.tiercache.tck.redis;

/** A Redis server answered a fixture's command with an error reply, such as {@code ERR ...}. */
public final class RedisReplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param reply the error reply, as the server sent it
   */
  public RedisReplyException(String reply) {
    super(reply);
  }
}
