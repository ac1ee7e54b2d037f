package io.tiercache.core.internal;

import java.util.Arrays;

/**
 * The sketch of {@link CountMinSketch} (the same layout, hashing and bounds) on a plain array,
 * for one thread at a time: the miniature simulations, which run under a lock, pay no
 * compare-and-set for each counter.
 */
final class LocalCountMinSketch extends KeyCounts {

  private final long[] cells;

  /**
   * Creates an empty sketch.
   *
   * @param width counters per row; a power of two from 16 to 2^24
   */
  LocalCountMinSketch(int width) {
    super(width);
    this.cells = new long[words()];
  }

  @Override
  public void halve() {
    for (int i = 0; i < cells.length; i++) {
      cells[i] = halved(cells[i]);
    }
  }

  @Override
  public void clear() {
    Arrays.fill(cells, 0L);
  }

  @Override
  public long footprintBytes() {
    return (long) cells.length * Long.BYTES + 32;
  }

  @Override
  int get(int counter) {
    return counterIn(cells[counter >>> 4], counter);
  }

  @Override
  void add(int counter, int delta) {
    cells[counter >>> 4] = added(cells[counter >>> 4], counter, delta);
  }
}
