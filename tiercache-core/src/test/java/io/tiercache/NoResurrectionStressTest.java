package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.MapTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A million mixed operations from several threads on a few hot keys over two in-process tiers:
 * reads that promote (write-around, promote=always), puts of unique values, invalidations and tag
 * invalidations. Every read, and the final state of every key, is checked against a
 * linearizable register: each operation's start and end are recorded with {@link
 * System#nanoTime()}, and a read may return a value only if that value's write started before
 * the read ended and no other write or invalidation of the key both started after that write
 * ended and completed before the read started (an absent read likewise, justified by an
 * invalidation or by the initial state).
 */
class NoResurrectionStressTest {

  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 250_000;
  private static final int KEYS = 4;
  private static final int TAGS = 2;
  private static final long ABSENT = -1;

  private static final int READ = 0;
  private static final int PUT = 1;
  private static final int INVALIDATE = 2;
  private static final int TAG_INVALIDATE = 3;

  /** What one thread did. */
  private static final class History {
    final int[] kind = new int[OPS_PER_THREAD];
    /** The key, or for a tag invalidation the tag. */
    final int[] target = new int[OPS_PER_THREAD];
    /** A put's value id and tag; a read's value id or ABSENT; a tag invalidation's key mask. */
    final long[] value = new long[OPS_PER_THREAD];
    final int[] tag = new int[OPS_PER_THREAD];
    final long[] start = new long[OPS_PER_THREAD];
    final long[] end = new long[OPS_PER_THREAD];
  }

  @Test
  void millionMixedOperationsAgreeWithALinearizableRegister() throws Exception {
    runAndCheck(WritePolicy.WRITE_AROUND, "promote=always", THREADS, OPS_PER_THREAD);
  }

  @Test
  void writeThroughWithAHitCountGateAgreesWithALinearizableRegister() throws Exception {
    runAndCheck(WritePolicy.WRITE_THROUGH, "promote=hit-count:2", THREADS, OPS_PER_THREAD / 5);
  }

  private void runAndCheck(WritePolicy policy, String promote, int threads, int opsPerThread)
      throws Exception {
    ManualClock clock = new ManualClock();
    MapTier<String> l1 = new MapTier<>("l1", clock);
    MapTier<String> l2 = new MapTier<>("l2", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(policy)
            .tier(l1, promote)
            .tier(l2)
            .build()) {
      History[] histories = new History[threads];
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int t = 0; t < threads; t++) {
        History history = new History();
        histories[t] = history;
        int thread = t;
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                    run(cache, thread, history, opsPerThread);
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        worker.start();
        workers.add(worker);
      }
      long began = System.nanoTime();
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      long elapsedMillis = (System.nanoTime() - began) / 1_000_000;
      assertThat(failures).isEmpty();

      // Quiescent: L1 holds no copy that differs from the lowest tier's.
      for (int k = 0; k < KEYS; k++) {
        CacheEntry<String> upper = l1.raw(key(k));
        if (upper != null) {
          assertThat(l2.raw(key(k))).as("L1 holds %s but L2 does not", upper).isNotNull();
          assertThat(upper.value()).isEqualTo(l2.raw(key(k)).value());
        }
      }
      long[] finalValues = new long[KEYS];
      long finalStart = System.nanoTime();
      for (int k = 0; k < KEYS; k++) {
        String value = cache.getIfPresent(key(k));
        finalValues[k] = value == null ? ABSENT : Long.parseLong(value);
      }
      long finalEnd = System.nanoTime();

      Checker checker = new Checker(histories, threads, opsPerThread);
      int reads = checker.checkReads();
      for (int k = 0; k < KEYS; k++) {
        String problem = checker.check(k, finalValues[k], finalStart, finalEnd);
        assertThat(problem).as("final state of %s", key(k)).isNull();
      }
      long total = (long) threads * opsPerThread;
      System.out.printf(
          "stress %s %s: %d operations (%d reads checked) by %d threads on %d keys in %d ms,"
              + " %d promotions into L1, final values %s%n",
          policy, promote, total, reads, threads, KEYS, elapsedMillis,
          cache.stats().tier(1).promotionsIn(), Arrays.toString(finalValues));
    }
  }

  private static void run(TieredCache<String> cache, int thread, History h, int ops) {
    SplittableRandom random = new SplittableRandom(42 + thread);
    long nextValue = (long) thread * 1_000_000_000L;
    for (int i = 0; i < ops; i++) {
      int roll = random.nextInt(100);
      int k = random.nextInt(KEYS);
      h.target[i] = k;
      if (roll < 60) {
        h.kind[i] = READ;
        h.start[i] = System.nanoTime();
        String value = cache.getIfPresent(key(k));
        h.end[i] = System.nanoTime();
        h.value[i] = value == null ? ABSENT : Long.parseLong(value);
      } else if (roll < 85) {
        h.kind[i] = PUT;
        long value = nextValue++;
        int tag = random.nextInt(TAGS);
        h.value[i] = value;
        h.tag[i] = tag;
        h.start[i] = System.nanoTime();
        cache.put(key(k), Long.toString(value), Duration.ofHours(1), Set.of(tag(tag)));
        h.end[i] = System.nanoTime();
      } else if (roll < 95) {
        h.kind[i] = INVALIDATE;
        h.start[i] = System.nanoTime();
        cache.invalidate(key(k)).join();
        h.end[i] = System.nanoTime();
      } else {
        int tag = random.nextInt(TAGS);
        h.kind[i] = TAG_INVALIDATE;
        h.target[i] = tag;
        h.start[i] = System.nanoTime();
        Set<String> removed = cache.invalidateByTag(tag(tag)).join();
        h.end[i] = System.nanoTime();
        long mask = 0;
        for (String key : removed) {
          mask |= 1L << Integer.parseInt(key.substring(1));
        }
        h.value[i] = mask;
      }
    }
  }

  private static String key(int k) {
    return "k" + k;
  }

  private static String tag(int t) {
    return "t" + t;
  }

  /** Intervals sorted by end, with the running maximum of their starts. */
  private static final class ByEnd {
    final long[] ends;
    final long[] maxStart;

    ByEnd(List<long[]> intervals) {
      intervals.sort((a, b) -> Long.compare(a[1], b[1]));
      ends = new long[intervals.size()];
      maxStart = new long[intervals.size()];
      long max = Long.MIN_VALUE;
      for (int i = 0; i < intervals.size(); i++) {
        ends[i] = intervals.get(i)[1];
        max = Math.max(max, intervals.get(i)[0]);
        maxStart[i] = max;
      }
    }

    /** The latest start of an interval that ended before {@code time}; MIN_VALUE if none. */
    long latestStartEndedBefore(long time) {
      int i = lowerIndex(ends, time);
      return i < 0 ? Long.MIN_VALUE : maxStart[i];
    }
  }

  /** Intervals sorted by start, with the running maximum of their ends. */
  private static final class ByStart {
    final long[] starts;
    final long[] maxEnd;

    ByStart(List<long[]> intervals) {
      intervals.sort((a, b) -> Long.compare(a[0], b[0]));
      starts = new long[intervals.size()];
      maxEnd = new long[intervals.size()];
      long max = Long.MIN_VALUE;
      for (int i = 0; i < intervals.size(); i++) {
        starts[i] = intervals.get(i)[0];
        max = Math.max(max, intervals.get(i)[1]);
        maxEnd[i] = max;
      }
    }

    /** The latest end of an interval that started before {@code time}; MIN_VALUE if none. */
    long latestEndStartedBefore(long time) {
      int i = lowerIndex(starts, time);
      return i < 0 ? Long.MIN_VALUE : maxEnd[i];
    }
  }

  /** The index of the last element strictly below {@code time}, or -1. */
  private static int lowerIndex(long[] sorted, long time) {
    int low = 0;
    int high = sorted.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < time) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** Checks reads against the register rule. */
  private static final class Checker {
    private final History[] histories;
    private final int threads;
    private final int ops;
    /** Per key: every mutation (put, invalidate, tag invalidation that removed it). */
    private final ByEnd[] mutations = new ByEnd[KEYS];
    /** Per key: the invalidations (invalidate, tag invalidation that removed it). */
    private final ByStart[] removals = new ByStart[KEYS];
    /** Per tag: every tag invalidation, whatever it removed. */
    private final ByEnd[] tagInvalidations = new ByEnd[TAGS];

    Checker(History[] histories, int threads, int ops) {
      this.histories = histories;
      this.threads = threads;
      this.ops = ops;
      List<List<long[]>> mutationLists = new ArrayList<>();
      List<List<long[]>> removalLists = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        mutationLists.add(new ArrayList<>());
        removalLists.add(new ArrayList<>());
      }
      List<List<long[]>> tagLists = new ArrayList<>();
      for (int t = 0; t < TAGS; t++) {
        tagLists.add(new ArrayList<>());
      }
      for (int t = 0; t < threads; t++) {
        History h = histories[t];
        for (int i = 0; i < ops; i++) {
          long[] interval = {h.start[i], h.end[i]};
          switch (h.kind[i]) {
            case PUT:
              mutationLists.get(h.target[i]).add(interval);
              break;
            case INVALIDATE:
              mutationLists.get(h.target[i]).add(interval);
              removalLists.get(h.target[i]).add(interval);
              break;
            case TAG_INVALIDATE:
              tagLists.get(h.target[i]).add(interval);
              for (int k = 0; k < KEYS; k++) {
                if ((h.value[i] & (1L << k)) != 0) {
                  mutationLists.get(k).add(interval);
                  removalLists.get(k).add(interval);
                }
              }
              break;
            default:
              break;
          }
        }
      }
      for (int k = 0; k < KEYS; k++) {
        mutations[k] = new ByEnd(mutationLists.get(k));
        removals[k] = new ByStart(removalLists.get(k));
      }
      for (int t = 0; t < TAGS; t++) {
        tagInvalidations[t] = new ByEnd(tagLists.get(t));
      }
    }

    int checkReads() {
      int reads = 0;
      List<String> problems = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        History h = histories[t];
        for (int i = 0; i < ops; i++) {
          if (h.kind[i] != READ) {
            continue;
          }
          reads++;
          String problem = check(h.target[i], h.value[i], h.start[i], h.end[i]);
          if (problem != null && problems.size() < 10) {
            problems.add("thread " + t + " op " + i + ": " + problem);
          }
        }
      }
      assertThat(problems).as("reads that no linearization explains").isEmpty();
      return reads;
    }

    /** Returns why a read of key {@code k} is not linearizable, or null if it is. */
    String check(int k, long value, long readStart, long readEnd) {
      long latest = mutations[k].latestStartEndedBefore(readStart);
      if (value == ABSENT) {
        if (latest == Long.MIN_VALUE) {
          return null; // the initial state
        }
        if (removals[k].latestEndStartedBefore(readEnd) >= latest) {
          return null;
        }
        return "read of k" + k + " was absent, but a write completed before it began and no"
            + " invalidation since explains it";
      }
      int thread = (int) (value / 1_000_000_000L);
      int index = find(histories[thread], k, value);
      if (index < 0) {
        return "read of k" + k + " returned " + value + ", which no put of k" + k + " wrote";
      }
      History h = histories[thread];
      long writeStart = h.start[index];
      long writeEnd = h.end[index];
      if (writeStart >= readEnd) {
        return "read of k" + k + " returned " + value + " before its put began";
      }
      if (latest > writeEnd) {
        return "read of k" + k + " returned " + value
            + ", overwritten or invalidated by an operation that completed before the read began";
      }
      if (tagInvalidations[h.tag[index]].latestStartEndedBefore(readStart) > writeEnd) {
        return "read of k" + k + " returned " + value + " of tag t" + h.tag[index]
            + ", though a tag invalidation of t" + h.tag[index]
            + " ran entirely after its put and before the read";
      }
      return null;
    }

    private int find(History h, int k, long value) {
      // Values of a thread increase with its operations: binary search over its puts would need
      // an index; a thread's puts are few enough to scan from a per-value map.
      Integer index = putIndex(h).get(value);
      return index == null || h.target[index] != k ? -1 : index;
    }

    private final java.util.Map<History, java.util.Map<Long, Integer>> indexes =
        new java.util.IdentityHashMap<>();

    private java.util.Map<Long, Integer> putIndex(History h) {
      return indexes.computeIfAbsent(
          h,
          history -> {
            java.util.Map<Long, Integer> map = new java.util.HashMap<>();
            for (int i = 0; i < ops; i++) {
              if (history.kind[i] == PUT) {
                map.put(history.value[i], i);
              }
            }
            return map;
          });
    }
  }
}
