package io.tiercache.bench.workload;

import java.util.SplittableRandom;

/**
 * A fixed sequence of key indexes drawn from a Zipf distribution, the same in every JVM for the
 * same parameters: rank {@code r} (from 1) has probability proportional to {@code r^-skew}, and
 * is key index {@code r - 1}. Drawn once with {@link ZipfSampler}, so that no contender pays for
 * sampling while it is measured.
 */
public final class ZipfSequence {

  private final int[] indexes;

  /**
   * Draws the sequence.
   *
   * @param keys the number of keys, at least 1
   * @param skew the exponent, above 0 and not 1
   * @param length how many indexes to draw
   * @param seed the random seed
   */
  public ZipfSequence(int keys, double skew, int length, long seed) {
    if (keys < 1 || !(skew > 0) || skew == 1 || length < 1) {
      throw new IllegalArgumentException(
          "keys " + keys + ", skew " + skew + ", length " + length + ": need keys >= 1,"
              + " skew > 0 and != 1, length >= 1");
    }
    ZipfSampler sampler = new ZipfSampler(keys, skew);
    SplittableRandom random = new SplittableRandom(seed);
    this.indexes = new int[length];
    for (int i = 0; i < length; i++) {
      indexes[i] = sampler.sample(random) - 1;
    }
  }

  /**
   * Returns the number of indexes.
   *
   * @return the length
   */
  public int length() {
    return indexes.length;
  }

  /**
   * Returns an index of the sequence, wrapping around.
   *
   * @param position any non-negative position
   * @return the key index at {@code position} modulo the length
   */
  public int at(long position) {
    return indexes[(int) (position % indexes.length)];
  }
}
