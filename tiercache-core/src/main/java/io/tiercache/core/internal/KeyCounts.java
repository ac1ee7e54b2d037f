package io.tiercache.core.internal;

/**
 * Approximate counts of keys by hash, as a count-min sketch keeps them: never below the true
 * count (up to saturation at {@link CountMinSketch#MAX_COUNT}), sometimes above.
 *
 * <p>Four rows of {@code width} 4-bit counters, packed sixteen to a {@code long}; a key has one
 * counter in each row, chosen by independent parts of its 64-bit hash, and its estimate is the
 * least of its four. This class holds the layout and the arithmetic over rows; subclasses store
 * the words, with or without atomic updates.
 */
abstract class KeyCounts {

  /** The number of rows. */
  static final int DEPTH = 4;

  private final int width;
  private final int shift;

  /**
   * Checks the width.
   *
   * @param width counters per row; a power of two from 16 to 2^24
   */
  KeyCounts(int width) {
    if (width < 16 || width > (1 << 24) || Integer.bitCount(width) != 1) {
      throw new IllegalArgumentException(
          "width was " + width + " but must be a power of two from 16 to 16777216");
    }
    this.width = width;
    this.shift = Integer.numberOfTrailingZeros(width);
  }

  /**
   * Returns the number of counters per row.
   *
   * @return the width
   */
  public final int width() {
    return width;
  }

  /**
   * Counts one occurrence of a key.
   *
   * @param hash the key's {@link CountMinSketch#hash}
   */
  public final void increment(long hash) {
    for (int row = 0; row < DEPTH; row++) {
      add(index(hash, row), 1);
    }
  }

  /**
   * Returns the estimated count of a key: at least its true count, or 15 if that is more.
   *
   * @param hash the key's {@link CountMinSketch#hash}
   * @return the estimate, 0 to 15
   */
  public final int estimate(long hash) {
    int min = CountMinSketch.MAX_COUNT;
    for (int row = 0; row < DEPTH; row++) {
      min = Math.min(min, get(index(hash, row)));
    }
    return min;
  }

  /**
   * Lowers a key's counters by its estimate, to forget it. Keys sharing a counter with it may be
   * lowered too: forgetting trades their exactness for the key's.
   *
   * @param hash the key's {@link CountMinSketch#hash}
   */
  public final void forget(long hash) {
    int estimate = estimate(hash);
    if (estimate == 0) {
      return;
    }
    for (int row = 0; row < DEPTH; row++) {
      add(index(hash, row), -estimate);
    }
  }

  /** Halves every counter, so that old counts fade. */
  public abstract void halve();

  /** Sets every counter to zero. */
  public abstract void clear();

  /**
   * Returns the memory the counters take.
   *
   * @return bytes
   */
  public abstract long footprintBytes();

  /**
   * Returns a counter's value.
   *
   * @param counter the counter's number, {@code row * width + slot}
   * @return 0 to 15
   */
  abstract int get(int counter);

  /**
   * Adds to a counter, keeping it within 0 to 15.
   *
   * @param counter the counter's number
   * @param delta the amount, negative to lower it
   */
  abstract void add(int counter, int delta);

  /** The number of {@code long} words that hold the counters of a sketch of this width. */
  final int words() {
    return DEPTH * width / 16;
  }

  /** The counter packed in {@code word} for {@code counter}, from 0 to 15. */
  static int counterIn(long word, int counter) {
    return (int) ((word >>> ((counter & 15) << 2)) & 0xF);
  }

  /** {@code word} with the counter for {@code counter} changed by {@code delta}, within 0-15. */
  static long added(long word, int counter, int delta) {
    int offset = (counter & 15) << 2;
    int value = (int) ((word >>> offset) & 0xF);
    int next = Math.max(0, Math.min(CountMinSketch.MAX_COUNT, value + delta));
    return (word & ~(0xFL << offset)) | ((long) next << offset);
  }

  /** {@code word} with each of its sixteen counters halved. */
  static long halved(long word) {
    // Shift each 4-bit counter right by one, dropping the bit that crosses into its neighbour.
    return (word >>> 1) & 0x7777777777777777L;
  }

  private int index(long hash, int row) {
    // Each row uses its own bits of the hash, re-mixed when the width needs more than 16 bits.
    long h = row == 0 ? hash : Long.rotateLeft(hash, row * 16) * 0x9E3779B97F4A7C15L;
    return row * width + (int) (h >>> (64 - shift));
  }
}
