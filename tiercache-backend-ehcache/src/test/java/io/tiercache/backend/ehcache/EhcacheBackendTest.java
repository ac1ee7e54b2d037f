package io.tiercache.backend.ehcache;

import static io.tiercache.backend.ehcache.Tiers.entry;
import static io.tiercache.backend.ehcache.Tiers.forever;
import static io.tiercache.backend.ehcache.Tiers.lasting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EhcacheBackendTest {

  private static final String HEAP = "ehcache:heap?entries=1000";
  private static final String OFFHEAP = "ehcache:heap?entries=100&offheap=4MB";

  private final ManualClock clock = new ManualClock();
  private final RecordingEvents events = new RecordingEvents();
  private final List<EhcacheBackend<?>> opened = new ArrayList<>();

  @AfterEach
  void closeTiers() {
    opened.forEach(EhcacheBackend::close);
  }

  private EhcacheBackend<String> open(String uri) {
    EhcacheBackend<String> tier = Tiers.open(uri, clock, events);
    opened.add(tier);
    return tier;
  }

  // ---------------------------------------------------------------------------------------------
  // Values: references or bytes

  @Test
  void heapTierReturnsTheVeryEntryWritten() {
    EhcacheBackend<String> tier = open(HEAP);
    CacheEntry<String> written = lasting("value", clock, "t");

    tier.putSync("k", written);

    assertThat(tier.getSync("k")).isSameAs(written);
  }

  @Test
  void offheapTierStoresValuesThroughTheCodec() {
    CountingCodec codec = new CountingCodec();
    EhcacheBackend<String> tier = Tiers.open(OFFHEAP, codec, clock, events);
    opened.add(tier);
    CacheEntry<String> written = lasting("value", clock, "t");

    tier.putSync("k", written);
    CacheEntry<String> read = tier.getSync("k");

    assertThat(read).isEqualTo(written).isNotSameAs(written);
    assertThat(codec.encoded.get()).isEqualTo(1);
    assertThat(codec.decoded.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void valueTheCodecCannotEncodeFailsTheWriteAndChangesNothing() {
    EhcacheBackend<String> tier = Tiers.open(OFFHEAP, ValueCodec.utf8(), clock, events);
    opened.add(tier);
    CacheEntry<String> old = lasting("old", clock, "old-tag");
    tier.putSync("k", old);

    assertThatThrownBy(() -> tier.putSync("k", lasting("lone \uD800 surrogate", clock, "new")))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(tier.getSync("k")).isEqualTo(old);
    assertThat(tier.keysByTagSync("old-tag")).containsExactly("k");
    assertThat(tier.keysByTagSync("new")).isEmpty();
  }

  @Test
  void entryTooLargeForTheStoreIsDroppedAsAnEviction() {
    EhcacheBackend<byte[]> tier =
        Tiers.open("ehcache:heap?entries=10&offheap=1MB", ValueCodec.bytes(), clock, events);
    opened.add(tier);
    tier.putSync("k", new CacheEntry<>(new byte[10], CacheEntry.NEVER, CacheEntry.NEVER, Set.of("t")));

    // Larger than the whole off-heap tier: the core would skip the tier (maxEntryBytes is 128KB),
    // but the tier itself must cope too.
    tier.putSync(
        "k", new CacheEntry<>(new byte[2 << 20], CacheEntry.NEVER, CacheEntry.NEVER, Set.of("t")));

    assertThat(tier.getSync("k")).isNull();
    assertThat(events.evictions).containsExactly("k");
    assertThat(tier.indexedTags()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Expiry by the stack's clock, through Ehcache's time source

  @ParameterizedTest
  @ValueSource(strings = {HEAP, OFFHEAP})
  void entryIsKeptUntilItsStaleUntilAndThenForgottenAndReported(String uri) {
    EhcacheBackend<String> tier = open(uri);
    CacheEntry<String> written = entry("v", clock, Duration.ofSeconds(10), Duration.ofSeconds(5), "t");
    tier.putSync("k", written);

    clock.advance(Duration.ofSeconds(15).minusMillis(1));
    assertThat(tier.getSync("k")).isEqualTo(written);
    assertThat(events.expiries).isEmpty();

    clock.advanceMillis(1);
    assertThat(tier.getSync("k")).isNull();
    assertThat(events.expiries).containsExactly("k");
    assertThat(tier.indexedTags()).isEmpty();
    assertThat(tier.getSync("k")).isNull();
    assertThat(events.expiries).containsExactly("k");
  }

  @Test
  void ehcacheItselfExpiresEntriesByTheStacksClock() {
    EhcacheBackend<String> tier = open(OFFHEAP);
    tier.putSync("k", entry("v", clock, Duration.ofSeconds(1), Duration.ZERO));

    clock.advance(Duration.ofSeconds(1));

    // Ehcache answers a miss by itself: its time source is the stack's clock.
    assertThat(tier.ehcacheHolds("k")).isFalse();
    assertThat(tier.getSync("k")).isNull();
  }

  @Test
  void readsDoNotExtendALifetime() {
    EhcacheBackend<String> tier = open(HEAP);
    tier.putSync("k", entry("v", clock, Duration.ofSeconds(10), Duration.ZERO));
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(tier.getSync("k")).isNotNull();
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(tier.getSync("k")).isNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Eviction

  @Test
  void heapEvictionIsReportedAndTheIndexForgetsTheEvictedKeys() {
    EhcacheBackend<String> tier = open("ehcache:heap?entries=10");
    for (int i = 0; i < 40; i++) {
      tier.putSync("k" + i, forever("v" + i, "t" + (i % 4), "all"));
    }

    Set<String> present = present(tier, 40);
    assertThat(present).hasSizeLessThanOrEqualTo(10).isNotEmpty();
    assertThat(events.evictions).hasSize(40 - present.size()).doesNotContainAnyElementsOf(present);
    assertIndexIsExact(tier, present, 4);
  }

  @Test
  void offheapEvictionIsReportedAndTheIndexForgetsTheEvictedKeys() {
    EhcacheBackend<String> tier = open("ehcache:heap?entries=10&offheap=1MB");
    String big = "x".repeat(16 * 1024);
    for (int i = 0; i < 200; i++) {
      tier.putSync("k" + i, forever(big + i, "t" + (i % 4), "all"));
    }

    Set<String> present = present(tier, 200);
    assertThat(present).hasSizeLessThan(200).isNotEmpty();
    assertThat(events.evictions).hasSize(200 - present.size());
    assertIndexIsExact(tier, present, 4);
  }

  // ---------------------------------------------------------------------------------------------
  // Atomicity: the key's lock

  @ParameterizedTest
  @ValueSource(strings = {HEAP, OFFHEAP})
  void putSyncIfHoldsTheKeyAgainstOtherWritesUntilItHasWritten(String uri) throws Exception {
    EhcacheBackend<String> tier = open(uri);
    CountDownLatch inCondition = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread promoter =
        new Thread(
            () ->
                tier.putSyncIf(
                    "k",
                    lasting("promoted", clock, "p"),
                    () -> {
                      inCondition.countDown();
                      await(release);
                      return true;
                    }));
    promoter.start();
    assertThat(inCondition.await(30, TimeUnit.SECONDS)).isTrue();

    Thread writer = new Thread(() -> tier.putSync("k", lasting("written", clock, "w")));
    writer.start();
    awaitBlocked(writer);
    Thread invalidator = new Thread(() -> tier.invalidateSync("k"));
    assertThat(tier.getSync("k")).as("reads take no lock").isNull();

    release.countDown();
    promoter.join(30_000);
    writer.join(30_000);

    assertThat(tier.getSync("k").value()).isEqualTo("written");
    assertThat(tier.keysByTagSync("w")).containsExactly("k");
    assertThat(tier.keysByTagSync("p")).isEmpty();
    invalidator.start();
    invalidator.join(30_000);
    assertThat(tier.getSync("k")).isNull();
  }

  @Test
  void falseConditionWritesNothingAndRunsOnce() {
    EhcacheBackend<String> tier = open(HEAP);
    CacheEntry<String> old = lasting("old", clock, "t");
    tier.putSync("k", old);
    AtomicInteger runs = new AtomicInteger();

    boolean written =
        tier.putSyncIf(
            "k",
            lasting("new", clock, "u"),
            () -> {
              runs.incrementAndGet();
              return false;
            });

    assertThat(written).isFalse();
    assertThat(runs).hasValue(1);
    assertThat(tier.getSync("k")).isSameAs(old);
    assertThat(tier.keysByTagSync("u")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {HEAP, OFFHEAP})
  void tagIndexStaysExactUnderConcurrentChangesOfTheSameKeys(String uri) throws Exception {
    EhcacheBackend<String> tier = open(uri);
    int threads = 4;
    int keys = 12;
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      workers.add(
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                  for (int i = 0; i < 1500; i++) {
                    String key = "k" + random.nextInt(keys);
                    int op = random.nextInt(10);
                    if (op < 6) {
                      tier.putSync(key, forever("v" + i, tagsFor(random)));
                    } else if (op < 8) {
                      tier.putSyncIf(key, forever("p" + i, tagsFor(random)), () -> true);
                    } else if (op < 9) {
                      tier.invalidateSync(key);
                    } else {
                      tier.invalidateByTagSync("t" + random.nextInt(3));
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join(60_000);
    }

    assertThat(failures).isEmpty();
    assertIndexIsExact(tier, present(tier, keys), 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ehcache:heap?entries=8", "ehcache:heap?entries=4&offheap=1MB"})
  void tagIndexStaysExactWhileEhcacheEvictsUnderConcurrentWrites(String uri) throws Exception {
    EhcacheBackend<String> tier = open(uri);
    int keys = 40;
    String payload = uri.contains("offheap") ? "x".repeat(24 * 1024) : "x";
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int t = 0; t < 4; t++) {
      int seed = t;
      workers.add(
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                  for (int i = 0; i < 1000; i++) {
                    String key = "k" + random.nextInt(keys);
                    tier.putSync(key, forever(payload + i, tagsFor(random)));
                    if (random.nextInt(8) == 0) {
                      tier.keysByTagSync("t" + random.nextInt(3));
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join(60_000);
    }

    assertThat(failures).isEmpty();
    assertThat(events.evictions).as("Ehcache evicted while the keys were rewritten").isNotEmpty();
    assertIndexIsExact(tier, present(tier, keys), 3);
  }

  // ---------------------------------------------------------------------------------------------
  // Corrupt bytes

  @Test
  void foreignBytesReadAsAMissAreRemovedAndReported() {
    EhcacheBackend<String> tier = open(OFFHEAP);
    tier.putSync("k", lasting("v", clock, "t"));

    tier.writeStoredBytes("k", "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(tier.getSync("k")).isNull();
    assertThat(events.corrupt).containsExactly("k: not a tiercache frame (no 'TE' header)");
    assertThat(tier.keysByTagSync("t")).isEmpty();
    assertThat(tier.indexedTags()).isEmpty();
    assertThat(tier.getSync("k")).isNull();
    assertThat(events.corrupt).hasSize(1);
  }

  @Test
  void damagedBytesReadAsAMissNamingTheChecksum() {
    EhcacheBackend<String> tier = open(OFFHEAP);

    tier.writeStoredBytes("k", Corruption.flipped(tier, "k"));

    assertThat(tier.getSync("k")).isNull();
    assertThat(events.corrupt).containsExactly("k: checksum mismatch: the bytes were damaged");
  }

  @Test
  void bytesWrittenForAnotherKeyAreNeverReturnedUnderThisOne() {
    EhcacheBackend<String> tier = open(OFFHEAP);
    byte[] framedForOther = tier.frameOf("other", forever("value of other"));

    tier.writeStoredBytes("k", framedForOther);

    assertThat(tier.getSync("k")).isNull();
    assertThat(events.corrupt)
        .containsExactly("k: the stored bytes were written under another key than 'k'");
  }

  @Test
  void invalidatingCorruptBytesRemovesThemButCountsNoEntry() {
    EhcacheBackend<String> tier = open(OFFHEAP);
    tier.writeStoredBytes("k", new byte[] {1, 2, 3});

    assertThat(tier.invalidateSync("k")).isFalse();
    assertThat(events.corrupt).hasSize(1);
    assertThat(tier.getSync("k")).isNull();
  }

  @Test
  void heapTierTakesNoRawBytes() {
    EhcacheBackend<String> tier = open(HEAP);

    assertThatThrownBy(() -> tier.writeStoredBytes("k", new byte[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stores references, not bytes");
  }

  // ---------------------------------------------------------------------------------------------

  private static Set<String> present(EhcacheBackend<String> tier, int keys) {
    Set<String> present = new HashSet<>();
    for (int i = 0; i < keys; i++) {
      if (tier.getSync("k" + i) != null) {
        present.add("k" + i);
      }
    }
    return present;
  }

  /** Every tag lists exactly the stored keys whose entries carry it. */
  private static void assertIndexIsExact(EhcacheBackend<String> tier, Set<String> present, int tags) {
    Set<String> expectedTags = new HashSet<>();
    for (int t = 0; t < tags; t++) {
      String tag = "t" + t;
      Set<String> expected = new HashSet<>();
      for (String key : present) {
        if (tier.getSync(key).tags().contains(tag)) {
          expected.add(key);
          expectedTags.add(tag);
        }
      }
      assertThat(tier.keysByTagSync(tag)).as("keys of %s", tag).isEqualTo(expected);
    }
    assertThat(tier.tagsSync()).containsAll(expectedTags);
    assertThat(tier.indexedTags()).as("the raw index").isSubsetOf(tier.tagsSync());
  }

  private static String[] tagsFor(SplittableRandom random) {
    List<String> tags = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      if (random.nextBoolean()) {
        tags.add("t" + t);
      }
    }
    return tags.toArray(String[]::new);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits, with a deadline, until a thread blocks on a lock. */
  private static void awaitBlocked(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread + " never blocked; it is " + thread.getState());
      }
      Thread.yield();
    }
  }

  /** The UTF-8 codec, counting its work. */
  private static final class CountingCodec implements ValueCodec<String> {
    final AtomicInteger encoded = new AtomicInteger();
    final AtomicInteger decoded = new AtomicInteger();

    @Override
    public String id() {
      return "counting-utf8";
    }

    @Override
    public byte[] encode(String value) {
      encoded.incrementAndGet();
      return ValueCodec.utf8().encode(value);
    }

    @Override
    public String decode(byte[] bytes) {
      decoded.incrementAndGet();
      return ValueCodec.utf8().decode(bytes);
    }
  }
}
