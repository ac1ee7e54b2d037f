package io.tiercache.core.internal;

/**
 * The sketch of {@link CountMinSketch} (four rows of 4-bit counters, the same hashing and
 * bounds) on a plain array, for one thread at a time: the miniature simulations, which run under
 * a lock, pay no compare-and-set for each counter.
 */
final class LocalCountMinSketch implements KeyCounts {

  private static final int DEPTH = 4;
  private final int width;
  private final int shift;
  private final long[] cells;

  /**
   * Creates an empty sketch.
   *
   * @param width counters per row; a power of two from 16 to 2^24
   */
  LocalCountMinSketch(int width) {
    if (width < 16 || width > (1 << 24) || Integer.bitCount(width) != 1) {
      throw new IllegalArgumentException(
          "width was " + width + " but must be a power of two from 16 to 16777216");
    }
    this.width = width;
    this.shift = Integer.numberOfTrailingZeros(width);
    this.cells = new long[DEPTH * width / 16];
  }

  @Override
  public void increment(long hash) {
    for (int row = 0; row < DEPTH; row++) {
      add(index(hash, row), 1);
    }
  }

  @Override
  public int estimate(long hash) {
    int min = CountMinSketch.MAX_COUNT;
    for (int row = 0; row < DEPTH; row++) {
      int counter = index(hash, row);
      min = Math.min(min, (int) ((cells[counter >>> 4] >>> ((counter & 15) << 2)) & 0xF));
    }
    return min;
  }

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

  @Override
  public void halve() {
    for (int i = 0; i < cells.length; i++) {
      cells[i] = (cells[i] >>> 1) & 0x7777777777777777L;
    }
  }

  @Override
  public void clear() {
    java.util.Arrays.fill(cells, 0L);
  }

  @Override
  public long footprintBytes() {
    return (long) cells.length * Long.BYTES + 32;
  }

  private int index(long hash, int row) {
    long h = row == 0 ? hash : Long.rotateLeft(hash, row * 16) * 0x9E3779B97F4A7C15L;
    return row * width + (int) (h >>> (64 - shift));
  }

  private void add(int counter, int delta) {
    int word = counter >>> 4;
    int offset = (counter & 15) << 2;
    long current = cells[word];
    int value = (int) ((current >>> offset) & 0xF);
    int next = Math.max(0, Math.min(CountMinSketch.MAX_COUNT, value + delta));
    cells[word] = (current & ~(0xFL << offset)) | ((long) next << offset);
  }
}
