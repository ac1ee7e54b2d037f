package io.tiercache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.spi.PromotionStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AdaptivePromotionTest {

  private static final long BUDGET = 1L << 20;

  /**
   * A two-tier stack reduced to what a strategy sees: an LRU L1 of a given size over an L2 that
   * keeps everything, calling the strategy in the order {@code TieredCache} does.
   */
  private static final class Stack {
    final PromotionStrategy strategy;
    final boolean writeThrough;
    final Map<String, Boolean> l1;
    final Set<String> l2 = new HashSet<>();
    long reads;
    long hits;
    long writes;

    Stack(PromotionStrategy strategy, int size, boolean writeThrough) {
      this.strategy = strategy;
      this.writeThrough = writeThrough;
      this.l1 =
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > size;
            }
          };
    }

    void read(String key) {
      reads++;
      boolean hit = l1.get(key) != null;
      strategy.recordAccess(key, hit, 0);
      if (hit) {
        hits++;
      } else if (l2.contains(key)) {
        if (strategy.shouldPromote(key, 0)) {
          l1.put(key, Boolean.TRUE);
          writes++;
        }
      } else {
        l2.add(key);
        // Loaded: written down the stack, this tier asked only under write-through.
        if (writeThrough && strategy.admitWrite(key, 0)) {
          l1.put(key, Boolean.TRUE);
          writes++;
        } else {
          l1.remove(key);
        }
        strategy.forget(key);
      }
    }

    double hitPercent() {
      return 100.0 * hits / reads;
    }
  }

  private static AdaptivePromotion overLru(int size) {
    return new AdaptivePromotion(size, false, BUDGET);
  }

  @Test
  void startsAsTheFixedDefaultsDid() {
    assertThat(overLru(1000).current()).isEqualTo("write-through hit-rate:2/4000r");
    assertThat(new AdaptivePromotion(1000, true, BUDGET).current())
        .isEqualTo("write-through always");
  }

  @Test
  void aLoopLargerThanTheTierIsServedByAGateThatKeepsWhatTheFirstPassWrote() {
    AdaptivePromotion adaptive = overLru(50);
    Stack stack = new Stack(adaptive, 50, true);
    Stack always = new Stack(PromotionProviders.ALWAYS, 50, true);
    for (int pass = 0; pass < 60; pass++) {
      for (int k = 0; k < 1000; k++) {
        stack.read("k" + k);
        always.read("k" + k);
      }
    }
    // Belady's optimum keeps 50 of the 1000 keys: 5% of the reads after the first pass.
    assertThat(always.hitPercent()).isZero();
    assertThat(stack.hitPercent()).isGreaterThan(4.5);
    assertThat(adaptive.current()).startsWith("write-through hit-rate:2/");
    assertThat(stack.writes).isLessThan(3_000);
  }

  @Test
  void oneTimeKeysAroundAHotSetAreKeptOutByWritingAround() {
    AdaptivePromotion adaptive = overLru(100);
    Stack stack = new Stack(adaptive, 100, true);
    Stack throughAlways = new Stack(PromotionProviders.ALWAYS, 100, true);
    int once = 0;
    for (int i = 0; i < 200_000; i++) {
      // Every other read is one of 60 hot keys; the others are keys read once, never again.
      String key = i % 2 == 0 ? "hot" + (i / 2) % 60 : "once" + once++;
      stack.read(key);
      throughAlways.read(key);
    }
    assertThat(adaptive.current()).startsWith("write-around");
    assertThat(stack.hitPercent()).isGreaterThan(throughAlways.hitPercent() + 5).isGreaterThan(48);
    assertThat(stack.writes).isLessThan(throughAlways.writes / 10);
  }

  @Test
  void keysReadAgainSoonAfterTheirFirstReadKeepWritingThrough() {
    AdaptivePromotion adaptive = overLru(100);
    Stack stack = new Stack(adaptive, 100, true);
    Stack throughAlways = new Stack(PromotionProviders.ALWAYS, 100, true);
    for (int i = 0; i < 100_000; i++) {
      // Each key is read three times within 30 reads of its first, then never again: only a tier
      // that takes the loaded value hits the second read.
      for (String key : List.of("k" + i, "k" + (i - 10), "k" + (i - 30))) {
        stack.read(key);
        throughAlways.read(key);
      }
    }
    assertThat(adaptive.current()).startsWith("write-through");
    assertThat(throughAlways.hitPercent()).isGreaterThan(60);
    assertThat(stack.hitPercent()).isGreaterThan(throughAlways.hitPercent() - 0.5);
  }

  @Test
  void underWriteAroundItNeverFollowsAWriteThroughCandidate() {
    AdaptivePromotion adaptive = overLru(100);
    Stack stack = new Stack(adaptive, 100, false);
    for (int i = 0; i < 100_000; i++) {
      for (String key : List.of("k" + i, "k" + (i - 10), "k" + (i - 30))) {
        stack.read(key);
      }
    }
    assertThat(adaptive.current()).startsWith("write-around");
  }

  @Test
  void largeTiersAreSimulatedOnASampleOfTheKeys() {
    AdaptivePromotion adaptive = overLru(100_000);
    assertThat(adaptive.samplingRate()).isEqualTo(512 / 100_000.0);
    assertThat(adaptive.toString())
        .isEqualTo(
            "adaptive: write-through hit-rate:2/400000r (of 12 candidates simulated on 0.5% of"
                + " the keys over LRU; 0 changes)");
    assertThat(new AdaptivePromotion(1000, false, BUDGET, 64).samplingRate()).isEqualTo(0.064);
    assertThat(new AdaptivePromotion(300, true, BUDGET).toString())
        .isEqualTo(
            "adaptive: write-through always (of 12 candidates simulated on all of the keys over"
                + " W-TinyLFU; 0 changes)");
  }

  @Test
  void footprintIsFixedAndUnderOneMebibyteWhateverTheKeys() {
    for (boolean byFrequency : new boolean[] {false, true}) {
      for (long size : new long[] {1, 130, 512, 1024, 500_000, 100_000_000}) {
        AdaptivePromotion adaptive = new AdaptivePromotion(size, byFrequency, BUDGET);
        long before = adaptive.footprintBytes();
        assertThat(before).as("size %d", size).isLessThanOrEqualTo(BUDGET);
        if (size == 500_000) {
          Stack stack = new Stack(adaptive, 1000, true);
          for (int i = 0; i < 2_000_000; i++) {
            stack.read("key:" + (i % 3 == 0 ? i / 3 % 1000 : i));
          }
          stack.strategy.clear();
        }
        assertThat(adaptive.footprintBytes()).isEqualTo(before);
      }
    }
  }

  @Test
  void forgetAndClearLeaveItUsable() {
    AdaptivePromotion adaptive = overLru(10);
    Stack stack = new Stack(adaptive, 10, true);
    for (int i = 0; i < 1000; i++) {
      stack.read("k" + i % 20);
    }
    adaptive.forget("k3");
    adaptive.clear();
    stack.l1.clear();
    for (int i = 0; i < 1000; i++) {
      stack.read("k" + i % 5);
    }
    assertThat(stack.hits).isPositive();
  }

  @Test
  void concurrentReadersNeverFailAndNeverGrowIt() throws Exception {
    AdaptivePromotion adaptive = overLru(256);
    long before = adaptive.footprintBytes();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  long promoted = 0;
                  for (int i = 0; i < 100_000; i++) {
                    String key = "k" + (i * 7 + thread) % 3000;
                    adaptive.recordAccess(key, i % 3 == 0, 0);
                    if (i % 3 == 1 && adaptive.shouldPromote(key, 0)) {
                      promoted++;
                    } else if (i % 3 == 2) {
                      adaptive.admitWrite(key, 0);
                      adaptive.forget(key);
                    }
                  }
                  return promoted;
                }));
      }
      for (Future<Long> future : done) {
        assertThat(future.get()).isNotNegative();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(adaptive.footprintBytes()).isEqualTo(before);
  }
}
