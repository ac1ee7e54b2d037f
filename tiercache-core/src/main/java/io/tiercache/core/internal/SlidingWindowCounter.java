package io.tiercache.core.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the occurrences of each key within the last sliding window of ticks (milliseconds or
 * requests, as the caller counts them), in fixed memory: a ring of {@code SLICES + 1} count-min
 * sketches, each counting one slice of {@code ceil(window / SLICES)} ticks. A key's count sums
 * its estimates over the slices that overlap the window. The caller supplies the tick, so several
 * counters can share one clock or request count. Safe for concurrent use unless created unshared;
 * the error bounds are those described on {@link HitRateStrategy}.
 */
final class SlidingWindowCounter {

  /** Slices per window. */
  static final int SLICES = 8;

  private final long window;
  private final long sliceLength;
  private final KeyCounts[] ring = new KeyCounts[SLICES + 1];
  private final AtomicLongArray epochs = new AtomicLongArray(SLICES + 1);

  /**
   * Creates an empty counter, safe for concurrent use.
   *
   * @param window the window's length in ticks, at least 1
   * @param width the width of each slice's sketch, a power of two from 16
   */
  SlidingWindowCounter(long window, int width) {
    this(window, width, true);
  }

  /**
   * Creates an empty counter.
   *
   * @param window the window's length in ticks, at least 1
   * @param width the width of each slice's sketch, a power of two from 16
   * @param shared whether threads may use it at once; if not, its sketches are plain arrays
   */
  SlidingWindowCounter(long window, int width, boolean shared) {
    this.window = window;
    this.sliceLength = Math.max(1, (window + SLICES - 1) / SLICES);
    for (int i = 0; i < ring.length; i++) {
      ring[i] = shared ? new CountMinSketch(width) : new LocalCountMinSketch(width);
      epochs.set(i, Long.MIN_VALUE);
    }
  }

  /** Returns the window's length in ticks. */
  long window() {
    return window;
  }

  /**
   * Counts one occurrence of a key at a tick and returns its count in the window, stopping early
   * once the count reaches {@code enough}.
   *
   * @param hash the key's {@link CountMinSketch#hash}
   * @param tick the current tick; ticks never go back
   * @param enough the count past which the exact sum does not matter
   * @return the count, including this occurrence, at most {@code enough} if it stopped early
   */
  int incrementAndCount(long hash, long tick, int enough) {
    long epoch = Math.floorDiv(tick, sliceLength);
    slice(epoch).increment(hash);
    return countAt(hash, epoch, enough);
  }

  /**
   * Counts one occurrence of a key at a tick.
   *
   * @param hash the key's hash
   * @param tick the current tick
   */
  void increment(long hash, long tick) {
    slice(Math.floorDiv(tick, sliceLength)).increment(hash);
  }

  /**
   * Returns a key's count in the window ending at a tick, stopping early at {@code enough}.
   *
   * @param hash the key's hash
   * @param tick the current tick
   * @param enough the count past which the exact sum does not matter
   * @return the count, at most {@code enough} if it stopped early
   */
  int count(long hash, long tick, int enough) {
    return countAt(hash, Math.floorDiv(tick, sliceLength), enough);
  }

  private int countAt(long hash, long epoch, int enough) {
    int sum = 0;
    for (int back = 0; back <= SLICES; back++) {
      long past = epoch - back;
      int slot = (int) Math.floorMod(past, (long) ring.length);
      if (epochs.get(slot) == past) {
        sum += ring[slot].estimate(hash);
        if (sum >= enough) {
          return sum;
        }
      }
    }
    return sum;
  }

  /** Returns the sketch of an epoch, recycling its slot if it held an older epoch. */
  private KeyCounts slice(long epoch) {
    int slot = (int) Math.floorMod(epoch, (long) ring.length);
    long held = epochs.get(slot);
    while (held < epoch) {
      if (epochs.compareAndSet(slot, held, epoch)) {
        ring[slot].clear();
        break;
      }
      held = epochs.get(slot);
    }
    return ring[slot];
  }

  /** Lowers a key's counts in every slice to forget it. */
  void forget(long hash) {
    for (KeyCounts sketch : ring) {
      sketch.forget(hash);
    }
  }

  /** Forgets every count. */
  void clear() {
    for (KeyCounts sketch : ring) {
      sketch.clear();
    }
  }

  /** Returns the memory the sketches and the epochs take, in bytes. */
  long footprintBytes() {
    long total = 48;
    for (KeyCounts sketch : ring) {
      total += sketch.footprintBytes();
    }
    return total + (long) epochs.length() * Long.BYTES;
  }
}
