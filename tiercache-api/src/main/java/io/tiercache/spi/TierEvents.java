package io.tiercache.spi;

/**
 * What a backend tells the tiered core about events only the store sees, for statistics.
 * Implementations are called on the store's threads and must be fast and must not throw.
 */
public interface TierEvents {

  /** Ignores every event. */
  TierEvents NONE = new TierEvents() {};

  /**
   * An entry was evicted to make room (not expired, not invalidated).
   *
   * @param key the key whose entry was evicted
   */
  default void onEviction(String key) {}

  /**
   * An entry expired (reached its {@code staleUntil}) and was removed.
   *
   * @param key the key whose entry expired
   */
  default void onExpiry(String key) {}

  /**
   * Stored bytes could not be decoded; the read was a miss and the key was removed.
   *
   * @param key the key
   * @param reason why the bytes were rejected
   */
  default void onCorruptEntry(String key, String reason) {}
}
