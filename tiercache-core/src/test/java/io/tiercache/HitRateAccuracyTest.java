package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.core.internal.CountMinSketch;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@code hit-rate} strategy against an exact sliding-window counter, on seeded random
 * streams: never a false negative, and a false-positive rate within the bound documented in
 * {@code HitRateStrategy}: the share of negative decisions whose key reaches the threshold in
 * the ring's span (window plus at most one slice), plus {@code 9 * (h / width)^4}.
 */
class HitRateAccuracyTest {

  private static final int SLICES = 8;
  private static final long DEFAULT_BUDGET = 1L << 20;
  /** The width of each slice's sketch under the default budget. */
  private static final int WIDTH = CountMinSketch.widthFor(DEFAULT_BUDGET / (SLICES + 1));
  private static final int REQUESTS = 300_000;

  private final ManualClock clock = new ManualClock();
  private final PromotionStrategies strategies = PromotionStrategies.load();
  private final PromotionContext context =
      new PromotionContext("l1", BackendCapabilities.inProcess().build(), clock);

  @Test
  void requestWindowHasNoFalseNegativesAndFalsePositivesWithinTheBound() {
    int[] uniform = uniform(20_000, 1);
    int[] zipf = zipf(100_000, 1.0, 2);
    for (int threshold : new int[] {2, 3, 5}) {
      check("uniform", uniform, null, threshold, 40_000);
      check("zipf", zipf, null, threshold, 40_000);
    }
    check("zipf", zipf, null, 15, 40_000);
    check("uniform", uniform, null, 2, 4_000);
  }

  @Test
  void timeWindowHasNoFalseNegativesAndFalsePositivesWithinTheBound() {
    SplittableRandom random = new SplittableRandom(3);
    long[] times = new long[REQUESTS];
    long now = clock.millis();
    for (int i = 0; i < REQUESTS; i++) {
      now += random.nextInt(3);
      times[i] = now;
    }
    int[] uniform = uniform(20_000, 4);
    int[] zipf = zipf(100_000, 1.0, 5);
    for (int threshold : new int[] {2, 5}) {
      check("uniform", uniform, times, threshold, 60_000);
      check("zipf", zipf, times, threshold, 60_000);
    }
    check("zipf", zipf, times, 15, 60_000);
  }

  @Test
  void footprintStaysFixedAndUnderOneMebibyteForTenMillionDistinctKeys() {
    PromotionStrategy hitRate = strategies.create("hit-rate:2/40000r", context);
    PromotionStrategy adaptive = strategies.create("adaptive", context);
    PromotionStrategy hitCount = strategies.create("hit-count", context);
    long[] before = {
      hitRate.footprintBytes(), adaptive.footprintBytes(), hitCount.footprintBytes()
    };
    long began = System.nanoTime();
    long promoted = 0;
    for (int i = 0; i < 10_000_000; i++) {
      String key = "key:" + i;
      hitRate.recordAccess(key, false, i);
      if (hitRate.shouldPromote(key, i)) {
        promoted++;
      }
      adaptive.shouldPromote(key, i);
    }
    long millis = (System.nanoTime() - began) / 1_000_000;
    long[] after = {
      hitRate.footprintBytes(), adaptive.footprintBytes(), hitCount.footprintBytes()
    };

    assertThat(after).containsExactly(before);
    assertThat(Arrays.stream(after).max().orElseThrow()).isLessThanOrEqualTo(1L << 20);
    // Each key is hit once: a promotion is a sketch overcount, within the documented bound.
    double bound = (SLICES + 1) * Math.pow(40_000.0 / SLICES / WIDTH, 4);
    assertThat((double) promoted / 10_000_000).isLessThanOrEqualTo(bound);
    System.out.printf(
        Locale.ROOT,
        "promoter footprint after 10,000,000 distinct keys (%d ms): hit-rate:2/40000r %d bytes"
            + " (%.1f KiB, unchanged from %d), adaptive default %d bytes, hit-count:3 %d bytes;"
            + " false promotions among 10M distinct keys: %d (%.3f%%, bound %.3f%%)%n",
        millis, after[0], after[0] / 1024.0, before[0], after[1], after[2], promoted,
        promoted / 100_000.0, 100 * bound);
  }

  /**
   * Replays a stream, each request a hit below the tier, and compares every decision with the
   * exact count. {@code times} is null for a window counted in requests.
   */
  private void check(String name, int[] stream, long[] times, int threshold, long window) {
    boolean requests = times == null;
    PromotionStrategy strategy =
        strategies.create(
            "hit-rate:" + threshold + "/" + window + (requests ? "r" : "ms"), context);
    long slice = (window + SLICES - 1) / SLICES;
    int keys = Arrays.stream(stream).max().orElse(0) + 1;
    String[] names = new String[keys];
    for (int k = 0; k < keys; k++) {
      names[k] = "k" + k;
    }
    int[] inWindow = new int[keys];
    int[] inSpan = new int[keys];
    int windowHead = 0;
    int spanHead = 0;
    long falseNegatives = 0;
    long positives = 0;
    long negatives = 0;
    long falsePositives = 0;
    long slackNegatives = 0;
    long sketchNegatives = 0;
    long sketchFalsePositives = 0;
    long maxPerSlice = 0;
    long currentEpoch = Long.MIN_VALUE;
    long inCurrentEpoch = 0;
    for (int i = 0; i < stream.length; i++) {
      int key = stream[i];
      long now = requests ? i + 1 : times[i];
      strategy.recordAccess(names[key], false, now);
      boolean promoted = strategy.shouldPromote(names[key], now);

      long epoch = Math.floorDiv(now, slice);
      if (epoch != currentEpoch) {
        currentEpoch = epoch;
        inCurrentEpoch = 0;
      }
      maxPerSlice = Math.max(maxPerSlice, ++inCurrentEpoch);
      inWindow[key]++;
      inSpan[key]++;
      // The exact window: the requests (or times) in (now - window, now].
      while (position(times, windowHead) <= now - window) {
        inWindow[stream[windowHead++]]--;
      }
      // The ring's span: from the start of the oldest slice it still holds.
      long spanStart = (epoch - SLICES) * slice;
      while (position(times, spanHead) < spanStart) {
        inSpan[stream[spanHead++]]--;
      }
      if (inWindow[key] >= threshold) {
        positives++;
        if (!promoted) {
          falseNegatives++;
        }
      } else {
        negatives++;
        if (promoted) {
          falsePositives++;
        }
        if (inSpan[key] >= threshold) {
          slackNegatives++;
        } else {
          sketchNegatives++;
          if (promoted) {
            sketchFalsePositives++;
          }
        }
      }
    }
    double sketchBound = (SLICES + 1) * Math.pow((double) maxPerSlice / WIDTH, 4);
    double rate = negatives == 0 ? 0 : (double) falsePositives / negatives;
    double slackShare = negatives == 0 ? 0 : (double) slackNegatives / negatives;
    double sketchRate = sketchNegatives == 0 ? 0 : (double) sketchFalsePositives / sketchNegatives;
    System.out.printf(
        Locale.ROOT,
        "hit-rate:%d/%d%s on %s: %d decisions, %d positives, %d false negatives; false-positive"
            + " rate %.5f%% <= bound %.5f%% (slack %.5f%% + sketch %.5f%%); sketch-only rate"
            + " %.5f%%%n",
        threshold, window, requests ? "r" : "ms", name, stream.length, positives, falseNegatives,
        100 * rate, 100 * (slackShare + sketchBound), 100 * slackShare, 100 * sketchBound,
        100 * sketchRate);
    assertThat(falseNegatives).as("false negatives").isZero();
    assertThat(positives).as("the stream exercises the threshold").isPositive();
    assertThat(rate).isLessThanOrEqualTo(slackShare + sketchBound);
    assertThat(sketchRate).isLessThanOrEqualTo(sketchBound);
  }

  /** The 1-based request number, or the time, of the request at an index. */
  private static long position(long[] times, int index) {
    return times == null ? index + 1 : times[index];
  }

  private static int[] uniform(int keys, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] stream = new int[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      stream[i] = random.nextInt(keys);
    }
    return stream;
  }

  private static int[] zipf(int keys, double exponent, long seed) {
    double[] cumulative = new double[keys];
    double sum = 0;
    for (int k = 0; k < keys; k++) {
      sum += 1 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] stream = new int[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      int k = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
      stream[i] = Math.min(keys - 1, k < 0 ? -k - 1 : k);
    }
    return stream;
  }
}
