package io.tiercache.core.internal;

/**
 * A scaled-down model of the tier a promotion strategy fills, holding key hashes only: the
 * miniature in which {@link AdaptivePromotion} replays a sample of the keys under each candidate
 * rule. Not safe for concurrent use.
 */
interface MiniatureTier {

  /**
   * Reads a key: a hit updates what the tier's policy keeps about it.
   *
   * @param hash the key's hash
   * @return {@code true} if the tier holds the key
   */
  boolean read(long hash);

  /**
   * Writes a key into the tier (a load written through, or a promotion). The tier may evict
   * another key, or refuse this one, as its policy says.
   *
   * @param hash the key's hash
   */
  void write(long hash);

  /**
   * Tells whether the tier holds a key, without counting it as a read.
   *
   * @param hash the key's hash
   * @return {@code true} if held
   */
  boolean holds(long hash);

  /**
   * Removes a key, if held.
   *
   * @param hash the key's hash
   */
  void remove(long hash);

  /** Removes every key. */
  void clear();

  /**
   * Returns the memory this model takes, fixed at construction.
   *
   * @return bytes
   */
  long footprintBytes();
}
