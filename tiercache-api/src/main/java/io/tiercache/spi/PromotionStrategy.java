package io.tiercache.spi;

/**
 * Decides which entries found below a tier are copied up into it.
 *
 * <p>The tiered core keeps one strategy per tier above the lowest. On every read that misses this
 * tier and hits a tier below, it calls {@link #shouldPromote}; when that answers {@code true},
 * the entry is written into this tier with its remaining lifetime. Strategies must be safe for
 * concurrent use, fast (they are on the read path) and of bounded memory whatever the number of
 * distinct keys.
 */
public interface PromotionStrategy {

  /**
   * Records a hit below this tier and answers whether to promote the entry.
   *
   * @param key the key that was read
   * @param nowMillis the stack's clock, epoch milliseconds
   * @return {@code true} to copy the entry into this tier
   */
  boolean shouldPromote(String key, long nowMillis);

  /**
   * Tells whether a value being written down the stack under {@code write-through} (a loaded value
   * or a put) should be written into this tier too. The tiered core asks it of each tier above the
   * lowest, after the tiers below have taken the write; a tier that declines drops its old copy of
   * the key instead, as under {@code write-around}, and fills again by promotion. Not asked under
   * {@code write-around}, where no upper tier is written. The default admits every write.
   *
   * @param key the key being written
   * @param nowMillis the stack's clock, epoch milliseconds
   * @return {@code true} to write the value into this tier
   */
  default boolean admitWrite(String key, long nowMillis) {
    return true;
  }

  /**
   * Observes a read that reached this tier, hit or miss. Strategies that adapt to the workload
   * use it; the default ignores it.
   *
   * @param key the key that was read
   * @param hit whether this tier held the key
   * @param nowMillis the stack's clock, epoch milliseconds
   */
  default void recordAccess(String key, boolean hit, long nowMillis) {}

  /**
   * Forgets what is known of a key, after it was invalidated or rewritten.
   *
   * @param key the key
   */
  default void forget(String key) {}

  /** Forgets everything, after the tier was cleared. */
  default void clear() {}

  /**
   * Returns the memory this strategy holds, in bytes, as closely as it can tell.
   *
   * @return the footprint in bytes
   */
  default long footprintBytes() {
    return 0;
  }
}
