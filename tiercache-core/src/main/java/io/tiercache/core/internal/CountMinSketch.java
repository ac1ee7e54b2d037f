package io.tiercache.core.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count-min sketch of 4-bit counters: a fixed-size, lock-free estimate of how often each key
 * was seen, that never undercounts (up to the saturation at 15) and overcounts by at most
 * {@code e / width} times the number of increments, with probability at least
 * {@code 1 - e^-depth}.
 *
 * <p>Four rows of {@code width} counters; a key increments one counter in each row, chosen by
 * independent parts of a 64-bit hash, and its estimate is the least of its four counters. Counters
 * are packed sixteen to a {@code long} and updated by compare-and-set, so concurrent increments
 * are never lost. Memory: {@code width * 4 rows * 4 bits = 2 * width} bytes.
 */
public final class CountMinSketch implements KeyCounts {

  /** The greatest value a counter holds. */
  public static final int MAX_COUNT = 15;

  private static final int DEPTH = 4;
  private final int width;
  private final int shift;
  private final AtomicLongArray cells;

  /**
   * Creates an empty sketch.
   *
   * @param width counters per row; a power of two from 16 to 2^24
   */
  public CountMinSketch(int width) {
    if (width < 16 || width > (1 << 24) || Integer.bitCount(width) != 1) {
      throw new IllegalArgumentException(
          "width was " + width + " but must be a power of two from 16 to 16777216");
    }
    this.width = width;
    this.shift = Integer.numberOfTrailingZeros(width);
    this.cells = new AtomicLongArray(DEPTH * width / 16);
  }

  /**
   * Returns the sketch width that fits a memory budget.
   *
   * @param bytes the budget
   * @return the largest power-of-two width whose sketch takes at most {@code bytes}, at least 16
   */
  public static int widthFor(long bytes) {
    long counters = Math.max(16, bytes * 2 / DEPTH);
    return (int) Math.min(1 << 24, Long.highestOneBit(counters));
  }

  /**
   * Returns the memory the counters take.
   *
   * @return bytes
   */
  @Override
  public long footprintBytes() {
    return (long) cells.length() * Long.BYTES + 32;
  }

  /**
   * Returns the number of counters per row.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * Spreads a key into the 64-bit hash the sketch uses.
   *
   * @param key the key
   * @return the hash
   */
  public static long hash(String key) {
    long h = key.hashCode() * 0x9E3779B97F4A7C15L + key.length();
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 32;
    return h;
  }

  /**
   * Counts one occurrence of a key.
   *
   * @param hash the key's {@link #hash}
   */
  @Override
  public void increment(long hash) {
    for (int row = 0; row < DEPTH; row++) {
      add(index(hash, row), 1);
    }
  }

  /**
   * Returns the estimated count of a key: at least its true count, or 15 if that is more.
   *
   * @param hash the key's {@link #hash}
   * @return the estimate, 0 to 15
   */
  @Override
  public int estimate(long hash) {
    int min = MAX_COUNT;
    for (int row = 0; row < DEPTH; row++) {
      min = Math.min(min, get(index(hash, row)));
    }
    return min;
  }

  /**
   * Lowers a key's counters by its estimate, to forget it. Keys sharing a counter with it may be
   * lowered too: forgetting trades their exactness for the key's.
   *
   * @param hash the key's {@link #hash}
   */
  @Override
  public void forget(long hash) {
    int estimate = estimate(hash);
    if (estimate == 0) {
      return;
    }
    for (int row = 0; row < DEPTH; row++) {
      add(index(hash, row), -estimate);
    }
  }

  /** Halves every counter, so that old counts fade. */
  @Override
  public void halve() {
    for (int i = 0; i < cells.length(); i++) {
      long current;
      long halved;
      do {
        current = cells.get(i);
        // Shift each 4-bit counter right by one, dropping the bit that crosses into its neighbour.
        halved = (current >>> 1) & 0x7777777777777777L;
      } while (!cells.compareAndSet(i, current, halved));
    }
  }

  /** Sets every counter to zero. */
  @Override
  public void clear() {
    for (int i = 0; i < cells.length(); i++) {
      cells.set(i, 0L);
    }
  }

  private int index(long hash, int row) {
    // Each row uses its own bits of the hash, re-mixed when the width needs more than 16 bits.
    long h = row == 0 ? hash : Long.rotateLeft(hash, row * 16) * 0x9E3779B97F4A7C15L;
    int slot = (int) (h >>> (64 - shift));
    return row * width + slot;
  }

  private int get(int counter) {
    return (int) ((cells.get(counter >>> 4) >>> ((counter & 15) << 2)) & 0xF);
  }

  private void add(int counter, int delta) {
    int word = counter >>> 4;
    int offset = (counter & 15) << 2;
    long current;
    long updated;
    do {
      current = cells.get(word);
      int value = (int) ((current >>> offset) & 0xF);
      int next = Math.max(0, Math.min(MAX_COUNT, value + delta));
      if (next == value) {
        return;
      }
      updated = (current & ~(0xFL << offset)) | ((long) next << offset);
    } while (!cells.compareAndSet(word, current, updated));
  }
}
