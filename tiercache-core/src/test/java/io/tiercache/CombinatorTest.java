package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.Await;
import io.tiercache.testing.MapTier;
import io.tiercache.testing.ScriptedTier;
import io.tiercache.testing.ScriptedTier.Gate;
import io.tiercache.testing.ScriptedTier.Op;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CombinatorTest {

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> l1 = new MapTier<>("l1", clock);
  private final MapTier<String> l2 = new MapTier<>("l2", clock);
  private final MapTier<String> l3 = new MapTier<>("l3", clock);

  private TieredCache.Builder<String> builder(WritePolicy policy) {
    return TieredCache.builder(ValueCodec.utf8()).clock(clock).writePolicy(policy);
  }

  @Test
  void hitBelowIsPromotedKeepingItsAbsoluteExpiryAndStaleWindow() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=always").tier(l2).build()) {
      long start = clock.millis();
      cache.putAsync("k", "v", Duration.ofMinutes(10), Duration.ofMinutes(2), Set.of("t")).join();
      assertThat(l1.raw("k")).isNull();
      clock.advance(Duration.ofMinutes(3));

      assertThat(cache.getIfPresent("k")).isEqualTo("v");

      CacheEntry<String> promoted = l1.raw("k");
      assertThat(promoted).isNotNull();
      assertThat(promoted.expiresAt()).isEqualTo(start + Duration.ofMinutes(10).toMillis());
      assertThat(promoted.staleUntil()).isEqualTo(start + Duration.ofMinutes(12).toMillis());
      assertThat(promoted.tags()).containsExactly("t");
      assertThat(promoted).isEqualTo(l2.raw("k"));
      CacheStats stats = cache.stats();
      assertThat(stats.tier(1).misses()).isEqualTo(1);
      assertThat(stats.tier(1).promotionsIn()).isEqualTo(1);
      assertThat(stats.tier(2).hits()).isEqualTo(1);
      assertThat(stats.tier(2).promotionsOut()).isEqualTo(1);

      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(cache.stats().tier(1).hits()).isEqualTo(1);
      assertThat(cache.stats().tier(2).requests()).isEqualTo(1);
    }
  }

  @Test
  void staleEntryIsPromotedAsStaleNeverMadeFresh() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=always").tier(l2).build()) {
      long start = clock.millis();
      cache.putAsync("k", "v", Duration.ofMinutes(1), Duration.ofMinutes(5), Set.of()).join();
      clock.advance(Duration.ofMinutes(2));

      assertThat(cache.getIfPresent("k")).isEqualTo("v");

      CacheEntry<String> promoted = l1.raw("k");
      assertThat(promoted).isNotNull();
      assertThat(promoted.expiresAt()).isEqualTo(start + 60_000);
      assertThat(promoted.staleUntil()).isEqualTo(start + 6 * 60_000);
      assertThat(promoted.isStale(clock.millis())).isTrue();
      assertThat(cache.stats().tier(2).staleHits()).isEqualTo(1);
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(cache.stats().tier(1).staleHits()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(4));
      assertThat(cache.getIfPresent("k")).isNull();
    }
  }

  @Test
  void promotionIntoATierKeepsItsTtlCapButNeverExtendsTheEntry() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=always&ttl=1m").tier(l2).build()) {
      long start = clock.millis();
      cache.putAsync("k", "v", Duration.ofMinutes(10), Duration.ZERO, Set.of()).join();

      assertThat(cache.getIfPresent("k")).isEqualTo("v");

      assertThat(l1.raw("k").expiresAt()).isEqualTo(start + 60_000);
      assertThat(l2.raw("k").expiresAt()).isEqualTo(start + 600_000);
    }
  }

  @Test
  void threeTiersPromoteIntoEachTierWhoseStrategySays() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=hit-count:2")
            .tier(l2, "promote=always")
            .tier(l3)
            .build()) {
      cache.put("k", "v");
      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();

      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l2.raw("k")).isNotNull();
      assertThat(l1.raw("k")).isNull();
      assertThat(cache.stats().tier(3).promotionsOut()).isEqualTo(1);

      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isEqualTo(l3.raw("k"));
      CacheStats stats = cache.stats();
      assertThat(stats.tier(1).promotionsIn()).isEqualTo(1);
      assertThat(stats.tier(2).promotionsIn()).isEqualTo(1);
      assertThat(stats.tier(2).promotionsOut()).isEqualTo(1);
      assertThat(stats.tier(3).hits()).isEqualTo(1);
      assertThat(stats.tier(2).hits()).isEqualTo(1);
    }
  }

  @Test
  void hitInTheLowestOfThreeTiersIsPromotedIntoBothAbove() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=always")
            .tier(l2, "promote=always")
            .tier(l3)
            .build()) {
      cache.put("k", "v");

      assertThat(cache.get("k", key -> "loaded")).isEqualTo("v");

      assertThat(l1.raw("k")).isEqualTo(l3.raw("k"));
      assertThat(l2.raw("k")).isEqualTo(l3.raw("k"));
      assertThat(cache.stats().tier(3).promotionsOut()).isEqualTo(2);
      assertThat(cache.stats().loads()).isZero();
    }
  }

  @Test
  void getAsyncReadsThroughARemoteTierAndPromotes() {
    ScriptedTier<String> remote = new ScriptedTier<>("remote", clock);
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=always").tier(remote).build()) {
      cache.put("k", "v");
      assertThat(l1.raw("k")).isNull();
      Gate gate = remote.holdNext(Op.GET);

      CompletableFuture<String> read = cache.getAsync("k");

      assertThat(read).isNotDone();
      gate.release();
      assertThat(Await.done(read)).isEqualTo("v");
      assertThat(l1.raw("k")).isEqualTo(remote.raw("k"));
      assertThat(Await.done(cache.getAsync("k"))).isEqualTo("v");
      assertThat(remote.calls(Op.GET)).isEqualTo(1);
      assertThat(Await.done(cache.getAsync("absent"))).isNull();
    }
  }

  @Test
  void getAsyncWithLoaderReadsThroughBeforeLoading() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=always").tier(l2).build()) {
      cache.put("k", "v");
      AtomicInteger loads = new AtomicInteger();

      String value =
          Await.done(
              cache.getAsync(
                  "k",
                  key -> {
                    loads.incrementAndGet();
                    return CompletableFuture.completedFuture("loaded");
                  }));

      assertThat(value).isEqualTo("v");
      assertThat(loads).hasValue(0);
      assertThat(l1.raw("k")).isNotNull();
    }
  }

  @Test
  void entryLargerThanMaxEntrySizeSkipsTheTierAndIsCounted() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH)
            .tier(l1, "promote=always&maxEntrySize=8")
            .tier(l2)
            .build()) {
      cache.put("big", "more than eight bytes");
      cache.put("small", "8 bytes!");

      assertThat(l1.raw("big")).isNull();
      assertThat(l2.raw("big")).isNotNull();
      assertThat(l1.raw("small")).isNotNull();
      assertThat(cache.stats().tier(1).skippedWrites()).isEqualTo(1);
      assertThat(cache.stats().tier(1).writes()).isEqualTo(1);
      assertThat(cache.stats().tier(2).writes()).isEqualTo(2);

      assertThat(cache.getIfPresent("big")).isEqualTo("more than eight bytes");
      assertThat(l1.raw("big")).isNull();
      assertThat(cache.stats().tier(1).skippedWrites()).isEqualTo(2);
      assertThat(cache.stats().tier(1).promotionsIn()).isZero();
    }
  }

  @Test
  void writeThatDoesNotFitAnUpperTierRemovesTheOldCopyThere() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH)
            .tier(l1, "promote=always&maxEntrySize=8")
            .tier(l2)
            .build()) {
      cache.put("k", "small");
      assertThat(l1.raw("k").value()).isEqualTo("small");

      cache.put("k", "now far too large for L1");

      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k").value()).isEqualTo("now far too large for L1");
      assertThat(cache.getIfPresent("k")).isEqualTo("now far too large for L1");
    }
  }

  @Test
  void entryTooLargeForEveryTierIsNotStoredAndNotAnError() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH)
            .tier(l1, "promote=always&maxEntrySize=4")
            .tier(l2, "maxEntrySize=8")
            .build()) {
      cache.put("k", "too large for both");

      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(cache.stats().tier(1).skippedWrites()).isEqualTo(1);
      assertThat(cache.stats().tier(2).skippedWrites()).isEqualTo(1);
    }
  }

  @Test
  void writeAroundEntryTooLargeForTheLowestTierIsNotAnError() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=always").tier(l2, "maxEntrySize=8")
            .build()) {
      cache.put("k", "small");
      assertThat(cache.getIfPresent("k")).isEqualTo("small");
      assertThat(l1.raw("k")).isNotNull();

      cache.put("k", "too large for the lowest tier");

      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.stats().tier(2).skippedWrites()).isEqualTo(1);
    }
  }

  @Test
  void writeThroughWritesEveryTierLowestFirst() {
    ScriptedTier<String> remote = new ScriptedTier<>("remote", clock);
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH)
            .tier(l1, "promote=always")
            .tier(l2, "promote=always")
            .tier(remote)
            .build()) {
      Gate gate = remote.holdNext(Op.PUT);

      CompletableFuture<Void> put = cache.putAsync("k", "v", null, null, Set.of());

      assertThat(put).isNotDone();
      assertThat(l2.raw("k")).isNull();
      assertThat(l1.raw("k")).isNull();
      gate.release();
      Await.done(put);
      assertThat(remote.raw("k").value()).isEqualTo("v");
      assertThat(l2.raw("k")).isEqualTo(remote.raw("k"));
      assertThat(l1.raw("k")).isEqualTo(remote.raw("k"));
      for (int level = 1; level <= 3; level++) {
        assertThat(cache.stats().tier(level).writes()).isEqualTo(1);
      }
    }
  }

  @Test
  void writeAroundWritesTheLowestTierOnlyAndRemovesTheOldCopiesAbove() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=always")
            .tier(l2, "promote=always")
            .tier(l3)
            .build()) {
      cache.put("k", "v1");
      assertThat(cache.getIfPresent("k")).isEqualTo("v1");
      assertThat(l1.raw("k").value()).isEqualTo("v1");
      assertThat(l2.raw("k").value()).isEqualTo("v1");

      cache.put("k", "v2");

      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(l3.raw("k").value()).isEqualTo("v2");
      assertThat(cache.getIfPresent("k")).isEqualTo("v2");
      assertThat(cache.stats().tier(1).writes()).isZero();
      assertThat(cache.stats().tier(3).writes()).isEqualTo(2);
    }
  }

  @Test
  void invalidateReachesEveryTier() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH)
            .tier(l1, "promote=always")
            .tier(l2, "promote=always")
            .tier(l3)
            .build()) {
      cache.put("k", "v");

      assertThat(cache.invalidate("k").join()).isTrue();

      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(l3.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.invalidate("k").join()).isFalse();
    }
  }

  @Test
  void invalidateByTagReachesEveryTierAndCountsEachKeyOnce() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH).tier(l1, "promote=always").tier(l2).build()) {
      cache.put("both", "v", Duration.ofMinutes(5), Set.of("t", "u"));
      l2.putSync("lower-only", CacheEntry.of("v", clock.millis(), Duration.ofMinutes(5),
          Duration.ZERO, Set.of("t")));
      l1.putSync("upper-only", CacheEntry.of("v", clock.millis(), Duration.ofMinutes(5),
          Duration.ZERO, Set.of("t")));
      cache.put("untagged", "v");

      assertThat(cache.keysByTag("t").join())
          .containsExactlyInAnyOrder("both", "lower-only", "upper-only");
      assertThat(cache.tags().join()).containsExactlyInAnyOrder("t", "u");

      Set<String> removed = cache.invalidateByTag("t").join();

      assertThat(removed).containsExactlyInAnyOrder("both", "lower-only", "upper-only");
      assertThat(l1.raw("both")).isNull();
      assertThat(l2.raw("both")).isNull();
      assertThat(l1.raw("upper-only")).isNull();
      assertThat(l2.raw("lower-only")).isNull();
      assertThat(cache.getIfPresent("untagged")).isEqualTo("v");
      assertThat(cache.invalidateByTag("t").join()).isEmpty();
      assertThat(cache.tags().join()).isEmpty();
    }
  }

  @Test
  void invalidateResetsThePromotionCounterOfTheKey() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=hit-count:2").tier(l2).build()) {
      storeBelow("k", Set.of());
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNull();

      cache.invalidate("k").join();
      storeBelow("k", Set.of());

      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).as("the count restarted: one hit is not two").isNull();
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNotNull();
    }
  }

  @Test
  void invalidateByTagResetsThePromotionCountersOfItsKeys() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=hit-count:2").tier(l2).build()) {
      storeBelow("k", Set.of("t"));
      assertThat(cache.getIfPresent("k")).isEqualTo("v");

      assertThat(cache.invalidateByTag("t").join()).containsExactly("k");
      storeBelow("k", Set.of("t"));

      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNotNull();
    }
  }

  @Test
  void withoutAnInvalidationTheHitCountAccumulates() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_AROUND).tier(l1, "promote=hit-count:2").tier(l2).build()) {
      storeBelow("k", Set.of());
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNotNull();
    }
  }

  @Test
  void clearEmptiesEveryTier() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH)
            .tier(l1, "promote=always")
            .tier(l2, "promote=always")
            .tier(l3)
            .build()) {
      cache.put("a", "1");
      cache.put("b", "2");

      cache.clear().join();

      assertThat(l1.size() + l2.size() + l3.size()).isZero();
      assertThat(cache.getIfPresent("a")).isNull();
    }
  }

  @Test
  void aTieredCacheIsItselfABackendWithEntryLevelOperations() {
    try (TieredCache<String> cache =
        builder(WritePolicy.WRITE_THROUGH).tier(l1, "promote=always").tier(l2).build()) {
      CacheEntry<String> entry =
          CacheEntry.of("v", clock.millis(), Duration.ofMinutes(1), Duration.ofMinutes(1),
              Set.of("t"));

      cache.put("k", entry).join();

      assertThat(cache.get("k").join()).isEqualTo(entry);
      assertThat(l1.raw("k")).isEqualTo(entry);
      assertThat(cache.getAll(Set.of("k", "absent")).join()).containsOnlyKeys("k");
      assertThat(cache.capabilities().tags()).isTrue();
      assertThat(cache.capabilities().shared()).isFalse();
    }
  }

  private void storeBelow(String key, Set<String> tags) {
    l2.putSync(key, CacheEntry.of("v", clock.millis(), Duration.ofMinutes(5), Duration.ZERO, tags));
  }
}
