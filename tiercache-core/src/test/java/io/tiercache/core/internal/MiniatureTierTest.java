package io.tiercache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MiniatureTierTest {

  @Test
  void lruMiniatureHitsExactlyAsAnLruMapDoes() {
    int capacity = 100;
    LruMiniature miniature = new LruMiniature(capacity);
    Map<Long, Boolean> reference =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacity;
          }
        };
    SplittableRandom random = new SplittableRandom(5);
    long hits = 0;
    for (int i = 0; i < 100_000; i++) {
      long hash = CountMinSketch.hash("k" + (int) Math.abs(random.nextGaussian() * 150));
      boolean hit = miniature.read(hash);
      assertThat(hit).isEqualTo(reference.get(hash) != null);
      if (hit) {
        hits++;
      } else if (random.nextInt(4) > 0) {
        miniature.write(hash);
        reference.put(hash, Boolean.TRUE);
      }
      if (random.nextInt(100) == 0) {
        miniature.remove(hash);
        reference.remove(hash);
      }
    }
    assertThat(hits).isPositive();
  }

  @Test
  void tinyLfuMiniatureKeepsAFrequentSetThroughAScanAndStaysBounded() {
    int capacity = 100;
    TinyLfuMiniature miniature = new TinyLfuMiniature(capacity);
    // A hot set of 50 keys, read often, then a scan of 10,000 keys read once each.
    for (int round = 0; round < 20; round++) {
      for (int k = 0; k < 50; k++) {
        long hash = CountMinSketch.hash("hot" + k);
        if (!miniature.read(hash)) {
          miniature.write(hash);
        }
      }
    }
    for (int k = 0; k < 10_000; k++) {
      long hash = CountMinSketch.hash("scan" + k);
      if (!miniature.read(hash)) {
        miniature.write(hash);
      }
    }
    int kept = 0;
    for (int k = 0; k < 50; k++) {
      kept += miniature.holds(CountMinSketch.hash("hot" + k)) ? 1 : 0;
    }
    int scanned = 0;
    for (int k = 0; k < 10_000; k++) {
      scanned += miniature.holds(CountMinSketch.hash("scan" + k)) ? 1 : 0;
    }
    // Caffeine 3.2.3 keeps 30 of them on this sequence: its hill climber widens the window
    // while the scan misses, and the window turns over. An LRU tier would keep none.
    assertThat(kept).as("hot keys kept through the scan").isBetween(25, 35);
    assertThat(kept + scanned).isLessThanOrEqualTo(capacity);
  }

  @Test
  void tinyLfuMiniatureHillClimbingKeepsEveryKeyItHoldsWithinCapacity() {
    int capacity = 64;
    TinyLfuMiniature miniature = new TinyLfuMiniature(capacity);
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 200_000; i++) {
      // Phases that favour recency, then frequency, so that the window grows and shrinks.
      int key = (i / 20_000) % 2 == 0 ? i % 90 : (int) Math.abs(random.nextGaussian() * 40);
      long hash = CountMinSketch.hash("k" + key);
      if (!miniature.read(hash)) {
        miniature.write(hash);
      }
    }
    int held = 0;
    for (int key = 0; key < 1000; key++) {
      held += miniature.holds(CountMinSketch.hash("k" + key)) ? 1 : 0;
    }
    assertThat(held).isBetween(1, capacity);
    miniature.clear();
    assertThat(miniature.holds(CountMinSketch.hash("k1"))).isFalse();
  }
}
