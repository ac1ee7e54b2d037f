package io.tiercache.backend.caffeine;

import static io.tiercache.backend.caffeine.Tiers.forever;
import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several threads on one tier. Iterations are bounded and no assertion depends on timing; the
 * waits have deadlines only so that a deadlock fails the test instead of hanging the build.
 */
class CaffeineBackendConcurrencyTest {

  private static final Pattern VALUE = Pattern.compile("writer-(\\d+):iteration-(\\d+)");
  private static final int TAG_GROUPS = 5;

  private final ManualClock clock = new ManualClock();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  @Test
  void writersAndReadersOfOneKeyNeverSeeATornOrForeignEntry() throws Exception {
    int writers = 4;
    int readers = 3;
    int iterations = 5_000;
    CaffeineBackend<String> tier = Tiers.open("caffeine://?maximumSize=100", clock);
    long base = clock.millis() + 3_600_000L;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger writing = new AtomicInteger(writers);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicLong entriesRead = new AtomicLong();
    List<Future<?>> tasks = new ArrayList<>();

    for (int w = 0; w < writers; w++) {
      int writer = w;
      tasks.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  for (int i = 0; i < iterations; i++) {
                    if (i % 97 == 50) {
                      tier.invalidateSync("k");
                    }
                    if (i % 101 == 7) {
                      tier.invalidateByTagSync("iteration-" + (i % TAG_GROUPS));
                    }
                    CacheEntry<String> entry = written(writer, i, iterations, base);
                    if (i % 3 == 0) {
                      tier.putSyncIf("k", entry, () -> true);
                    } else {
                      tier.putSync("k", entry);
                    }
                  }
                } finally {
                  writing.decrementAndGet();
                }
                return null;
              }));
    }
    for (int r = 0; r < readers; r++) {
      tasks.add(
          pool.submit(
              () -> {
                int[] lastSeen = new int[writers];
                Arrays.fill(lastSeen, -1);
                start.await();
                boolean last = false;
                while (!last) {
                  last = writing.get() == 0; // one more read after every writer is done
                  CacheEntry<String> entry = tier.getSync("k");
                  if (entry != null) {
                    entriesRead.incrementAndGet();
                    check(entry, writers, iterations, base, lastSeen, problems);
                  }
                }
                return null;
              }));
    }
    tasks.add(
        pool.submit(
            () -> {
              start.await();
              while (writing.get() > 0) {
                for (String tag : tier.tagsSync()) {
                  if (!tag.startsWith("writer-") && !tag.startsWith("iteration-")) {
                    problems.add("foreign tag " + tag);
                  }
                  Set<String> keys = tier.keysByTagSync(tag);
                  if (!Set.of("k").containsAll(keys)) {
                    problems.add("tag " + tag + " lists " + keys);
                  }
                }
              }
              return null;
            }));

    start.countDown();
    for (Future<?> task : tasks) {
      task.get(2, TimeUnit.MINUTES);
    }

    assertThat(problems).isEmpty();
    assertThat(entriesRead.get()).isPositive();
    CacheEntry<String> last = tier.getSync("k");
    assertThat(last).isNotNull();
    assertThat(last.value()).matches("writer-\\d:iteration-" + (iterations - 1));
    assertThat(tier.tagsSync()).isEqualTo(last.tags());
    assertThat(tier.indexedTags()).isEqualTo(last.tags());
    for (String tag : last.tags()) {
      assertThat(tier.keysByTagSync(tag)).containsExactly("k");
    }
  }

  @Test
  void concurrentWritesRemovalsAndEvictionsKeepTheTagIndexExact() throws Exception {
    int threads = 4;
    int operations = 5_000;
    int keys = 16;
    CaffeineBackend<String> tier = Tiers.open("caffeine://?maximumSize=8", clock);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(42 + t);
      tasks.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < operations; i++) {
                  String key = "k" + random.nextInt(keys);
                  int op = random.nextInt(10);
                  if (op < 6) {
                    tier.putSync(key, tagged(random));
                  } else if (op < 8) {
                    tier.invalidateSync(key);
                  } else if (op < 9) {
                    tier.invalidateByTagSync("t" + random.nextInt(4));
                  } else {
                    boolean allowed = random.nextBoolean();
                    tier.putSyncIf(key, tagged(random), () -> allowed);
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> task : tasks) {
      task.get(2, TimeUnit.MINUTES);
    }
    tier.cleanUp();

    Map<String, Set<String>> expected = new HashMap<>();
    for (int k = 0; k < keys; k++) {
      CacheEntry<String> entry = tier.getSync("k" + k);
      if (entry != null) {
        for (String tag : entry.tags()) {
          expected.computeIfAbsent(tag, any -> new HashSet<>()).add("k" + k);
        }
      }
    }
    assertThat(tier.estimatedSize()).isLessThanOrEqualTo(8);
    assertThat(tier.indexedTags()).isEqualTo(expected.keySet());
    assertThat(tier.tagsSync()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Set<String>> tag : expected.entrySet()) {
      assertThat(tier.keysByTagSync(tag.getKey())).as(tag.getKey()).isEqualTo(tag.getValue());
    }
  }

  @Test
  void tagSetThatEmptiesAndRefillsConcurrentlyNeverLosesAKey() throws Exception {
    int threads = 4;
    int iterations = 20_000;
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock);
    CountDownLatch start = new CountDownLatch(1);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    List<Future<?>> tasks = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      String own = "k" + t; // only this thread writes it, so after its put it must be listed
      tasks.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < iterations && problems.isEmpty(); i++) {
                  tier.putSync(own, forever("v" + i, "hot"));
                  if (!tier.keysByTagSync("hot").contains(own)) {
                    problems.add(own + " written with tag 'hot' but not listed, iteration " + i);
                  }
                  tier.invalidateSync(own);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> task : tasks) {
      task.get(2, TimeUnit.MINUTES);
    }

    assertThat(problems).isEmpty();
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void promotionRacingAnInvalidationNeverResurrectsTheOldValue() throws Exception {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock);
    AtomicLong generation = new AtomicLong();
    CyclicBarrier together = new CyclicBarrier(2);

    for (int round = 0; round < 2_000; round++) {
      tier.putSync("k", forever("current-" + round));
      long seen = generation.get();
      CacheEntry<String> promoted = forever("promoted-" + round);
      Future<Boolean> promotion =
          pool.submit(
              () -> {
                together.await(1, TimeUnit.MINUTES);
                return tier.putSyncIf("k", promoted, () -> generation.get() == seen);
              });

      together.await(1, TimeUnit.MINUTES);
      generation.incrementAndGet();
      tier.invalidateSync("k");
      promotion.get(1, TimeUnit.MINUTES);

      assertThat(tier.getSync("k")).as("round %d", round).isNull();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The entry writer {@code w} writes at iteration {@code i}: every field derived from both. */
  private static CacheEntry<String> written(int w, int i, int iterations, long base) {
    long expiresAt = base + (long) w * iterations + i;
    return new CacheEntry<>(
        "writer-" + w + ":iteration-" + i,
        expiresAt,
        expiresAt + w,
        Set.of("writer-" + w, "iteration-" + (i % TAG_GROUPS)));
  }

  private static void check(
      CacheEntry<String> entry,
      int writers,
      int iterations,
      long base,
      int[] lastSeen,
      Queue<String> problems) {
    if (problems.size() > 20) {
      return;
    }
    Matcher matcher = VALUE.matcher(entry.value());
    if (!matcher.matches()) {
      problems.add("foreign value " + entry.value());
      return;
    }
    int w = Integer.parseInt(matcher.group(1));
    int i = Integer.parseInt(matcher.group(2));
    if (w >= writers || i >= iterations) {
      problems.add("value out of range " + entry.value());
      return;
    }
    if (!entry.equals(written(w, i, iterations, base))) {
      problems.add("torn entry " + entry);
    }
    if (i < lastSeen[w]) {
      problems.add(
          "went back from writer-" + w + ":iteration-" + lastSeen[w] + " to " + entry.value());
    }
    lastSeen[w] = i;
  }

  private static CacheEntry<String> tagged(SplittableRandom random) {
    Set<String> tags = new HashSet<>();
    if (random.nextBoolean()) {
      tags.add("shared");
    }
    int more = random.nextInt(3);
    for (int j = 0; j < more; j++) {
      tags.add("t" + random.nextInt(4));
    }
    return forever("v" + random.nextInt(), tags.toArray(String[]::new));
  }
}
