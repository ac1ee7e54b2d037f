package io.tiercache.core.internal;

/**
 * Approximate counts of keys by hash, as a count-min sketch keeps them: never below the true
 * count (up to saturation), sometimes above.
 */
interface KeyCounts {

  /**
   * Counts one occurrence of a key.
   *
   * @param hash the key's {@link CountMinSketch#hash}
   */
  void increment(long hash);

  /**
   * Returns a key's estimated count.
   *
   * @param hash the key's hash
   * @return the estimate
   */
  int estimate(long hash);

  /**
   * Lowers a key's counters by its estimate.
   *
   * @param hash the key's hash
   */
  void forget(long hash);

  /** Halves every counter. */
  void halve();

  /** Sets every counter to zero. */
  void clear();

  /**
   * Returns the memory the counters take.
   *
   * @return bytes
   */
  long footprintBytes();
}
