package io.tiercache.core.internal;

import io.tiercache.spi.PromotionStrategy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Promotes a key hit at least {@code threshold} times within the last sliding window, measured in
 * time or in requests reaching the tier.
 *
 * <p>A ring of {@code B + 1} count-min sketches, each counting the hits of one slice of
 * {@code ceil(window / B)}; the estimate of a key sums its estimates over the slices that overlap
 * the window. Memory is fixed: {@code (B + 1)} sketches, whatever the number of distinct keys.
 *
 * <p><b>Error.</b> No false negatives: every hit of the last {@code window} is counted (each
 * sketch counter is at least the true count, up to its saturation at 15, and the ring covers at
 * least the window), as long as the key was not {@link #forget forgotten}. False positives, for a
 * key with fewer than {@code threshold} hits in the window, come from two sources, both bounded:
 *
 * <ol>
 *   <li>Slack: the ring's span is the window plus at most one slice before it, so hits up to one
 *       slice older than the window still count. This is exact: it depends on the stream only.
 *   <li>Sketch overcount: a slice's estimate of a key is too high only if each of its four rows
 *       is, and a row's counter holds, besides the key's own hits, on average
 *       {@code (n - c) / width} hits of other keys, {@code n} being the hits recorded in the
 *       slice. By Markov's inequality on each row and the independence of the rows, a slice
 *       overcounts the key with probability at most {@code (n / width)^4}; so a decision on a
 *       key whose hits in the ring's span are below the threshold is a false positive with
 *       probability at most {@code sum over the B + 1 slices of (n_s / width)^4}, at most
 *       {@code (B + 1) * (h / width)^4} with {@code h} the most hits in one slice. With the
 *       default budget (1 MiB: 9 sketches of width 32768) and a window of 40000 requests that
 *       all hit below ({@code h = 5000}), that is {@code 9 * (5000 / 32768)^4}, about 0.49%.
 *       Keys whose {@code String} hashes collide share every counter and count as one.
 * </ol>
 *
 * <p>So over a stream, the false-positive rate (false positives over decisions on keys below the
 * threshold) is at most the share of those decisions whose key reaches the threshold in the
 * span, plus {@code (B + 1) * (h / width)^4}.
 */
final class HitRateStrategy implements PromotionStrategy {

  /** Slices per window. */
  static final int SLICES = SlidingWindowCounter.SLICES;

  private final int threshold;
  private final long window;
  private final boolean countsRequests;
  private final SlidingWindowCounter counts;
  private final AtomicLong requests = new AtomicLong();

  /**
   * Creates the strategy.
   *
   * @param threshold hits needed, 1 to 15
   * @param window the window's length, in milliseconds or requests
   * @param countsRequests whether the window counts requests rather than milliseconds
   * @param width the width of each slice's sketch
   */
  HitRateStrategy(int threshold, long window, boolean countsRequests, int width) {
    this.threshold = threshold;
    this.window = window;
    this.countsRequests = countsRequests;
    this.counts = new SlidingWindowCounter(window, width);
  }

  @Override
  public void recordAccess(String key, boolean hit, long nowMillis) {
    if (countsRequests) {
      requests.incrementAndGet();
    }
  }

  @Override
  public boolean shouldPromote(String key, long nowMillis) {
    long now = countsRequests ? requests.get() : nowMillis;
    return counts.incrementAndCount(CountMinSketch.hash(key), now, threshold) >= threshold;
  }

  @Override
  public void forget(String key) {
    counts.forget(CountMinSketch.hash(key));
  }

  @Override
  public void clear() {
    counts.clear();
  }

  @Override
  public long footprintBytes() {
    return 48 + counts.footprintBytes();
  }

  @Override
  public String toString() {
    return "hit-rate:" + threshold + "/" + window + (countsRequests ? "r" : "ms");
  }
}
