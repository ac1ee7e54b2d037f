package io.tiercache.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferencesTest {

  private static Trace trace(int... keys) {
    KeyNumbering numbering = new KeyNumbering();
    for (int key : keys) {
      numbering.add(key);
    }
    return numbering.toTrace("t");
  }

  @Test
  void optEqualsAnExhaustiveSearchOnSmallTraces() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 300; round++) {
      int length = 1 + random.nextInt(14);
      int keys = 1 + random.nextInt(5);
      int size = 1 + random.nextInt(3);
      int[] requests = new int[length];
      for (int i = 0; i < length; i++) {
        requests[i] = random.nextInt(keys);
      }
      Trace trace = trace(requests);
      long best = exhaustive(trace, size, 0, 0, new HashMap<>());
      assertThat(References.opt(trace, size)).as("trace %s, size %d", trace, size).isEqualTo(best);
    }
  }

  /** The most hits from request {@code i} on, holding the keys of {@code held}. */
  private static long exhaustive(Trace trace, int size, int i, int held, Map<Long, Long> memo) {
    if (i == trace.length()) {
      return 0;
    }
    long state = ((long) i << 32) | held;
    Long known = memo.get(state);
    if (known != null) {
      return known;
    }
    int key = trace.request(i);
    long best;
    if ((held & (1 << key)) != 0) {
      best = 1 + exhaustive(trace, size, i + 1, held, memo);
    } else {
      best = exhaustive(trace, size, i + 1, held, memo); // not kept
      if (Integer.bitCount(held) < size) {
        best = Math.max(best, exhaustive(trace, size, i + 1, held | (1 << key), memo));
      } else {
        for (int victim = 0; victim < 32; victim++) {
          if ((held & (1 << victim)) != 0) {
            int next = (held & ~(1 << victim)) | (1 << key);
            best = Math.max(best, exhaustive(trace, size, i + 1, next, memo));
          }
        }
      }
    }
    memo.put(state, best);
    return best;
  }

  @Test
  void lruEqualsALinkedHashMapInAccessOrder() {
    SplittableRandom random = new SplittableRandom(4);
    int[] requests = new int[50_000];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = (int) Math.abs(random.nextGaussian() * 300);
    }
    Trace trace = trace(requests);
    for (int size : new int[] {1, 2, 10, 100, 1000}) {
      Map<Integer, Boolean> lru =
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
              return size() > size;
            }
          };
      long hits = 0;
      for (int i = 0; i < trace.length(); i++) {
        if (lru.get(trace.request(i)) != null) {
          hits++;
        } else {
          lru.put(trace.request(i), Boolean.TRUE);
        }
      }
      assertThat(References.lru(trace, size)).as("size %d", size).isEqualTo(hits);
    }
  }

  @Test
  void aLoopLargerThanTheCacheDefeatsLruAndOptKeepsAFixedPart() {
    int[] requests = new int[100 * 20];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = i % 100;
    }
    Trace loop = trace(requests);
    assertThat(References.lru(loop, 10)).isZero();
    assertThat(References.opt(loop, 10)).isEqualTo(19 * 10);
    assertThat(References.caffeine(loop, 10)).isLessThanOrEqualTo(19 * 10);
  }
}
