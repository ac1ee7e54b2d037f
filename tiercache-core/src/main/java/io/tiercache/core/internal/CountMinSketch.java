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
public final class CountMinSketch extends KeyCounts {

  /** The greatest value a counter holds. */
  public static final int MAX_COUNT = 15;

  private final AtomicLongArray cells;

  /**
   * Creates an empty sketch.
   *
   * @param width counters per row; a power of two from 16 to 2^24
   */
  public CountMinSketch(int width) {
    super(width);
    this.cells = new AtomicLongArray(words());
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
   * Spreads a key into the 64-bit hash the sketch uses.
   *
   * @param key the key
   * @return the hash
   */
  public static long hash(String key) {
    // From the key's cached hash code alone: reading its characters (or its length) would cost a
    // cache miss on every access the strategies are told of.
    long h = key.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 32;
    return h;
  }

  /** Halves every counter, so that old counts fade. */
  @Override
  public void halve() {
    for (int i = 0; i < cells.length(); i++) {
      long current;
      long halved;
      do {
        current = cells.get(i);
        halved = halved(current);
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

  @Override
  int get(int counter) {
    return counterIn(cells.get(counter >>> 4), counter);
  }

  @Override
  void add(int counter, int delta) {
    int word = counter >>> 4;
    long current;
    long updated;
    do {
      current = cells.get(word);
      updated = added(current, counter, delta);
      if (updated == current) {
        return;
      }
    } while (!cells.compareAndSet(word, current, updated));
  }
}
