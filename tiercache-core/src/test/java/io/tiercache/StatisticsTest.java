package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.Await;
import io.tiercache.testing.ManualExecutor;
import io.tiercache.testing.MapTier;
import io.tiercache.testing.MapTierProvider;
import io.tiercache.testing.ScriptedTier;
import io.tiercache.testing.ScriptedTier.Mode;
import io.tiercache.testing.ScriptedTier.Op;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every counter of {@link TierStats} and {@link CacheStats}, each checked for its exact value. */
class StatisticsTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void readCountersHitsStaleHitsMissesAndPromotions() {
    MapTier<String> l1 = new MapTier<>("l1", clock);
    MapTier<String> l2 = new MapTier<>("l2", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=always")
            .tier(l2)
            .build()) {
      cache.putAsync("fresh", "v", Duration.ofMinutes(10), Duration.ZERO, Set.of()).join();
      cache.putAsync("stale", "v", Duration.ofMinutes(1), Duration.ofMinutes(10), Set.of()).join();
      clock.advance(Duration.ofMinutes(2));

      cache.getIfPresent("fresh"); // L1 miss, L2 hit, promoted
      cache.getIfPresent("fresh"); // L1 hit
      cache.getIfPresent("stale"); // L1 miss, L2 stale hit, promoted
      cache.getIfPresent("stale"); // L1 stale hit
      cache.getIfPresent("absent"); // L1 miss, L2 miss

      TierStats upper = cache.stats().tier(1);
      TierStats lower = cache.stats().tier(2);
      assertThat(upper.name()).isEqualTo("l1");
      assertThat(upper.level()).isEqualTo(1);
      assertThat(upper.hits()).isEqualTo(1);
      assertThat(upper.staleHits()).isEqualTo(1);
      assertThat(upper.misses()).isEqualTo(3);
      assertThat(upper.requests()).isEqualTo(5);
      assertThat(upper.hitRatio()).isEqualTo(0.4);
      assertThat(upper.promotionsIn()).isEqualTo(2);
      assertThat(upper.promotionsOut()).isZero();
      assertThat(lower.hits()).isEqualTo(1);
      assertThat(lower.staleHits()).isEqualTo(1);
      assertThat(lower.misses()).isEqualTo(1);
      assertThat(lower.promotionsOut()).isEqualTo(2);
      assertThat(lower.promotionsIn()).isZero();
      assertThat(lower.writes()).isEqualTo(2);
      assertThat(upper.writes()).isZero();
      assertThat(upper.breakerState()).isEqualTo(BreakerState.CLOSED);
    }
  }

  @Test
  void writeCountersWritesSkippedAndDroppedWritesAndErrors() {
    MapTier<String> l1 = new MapTier<>("l1", clock);
    ScriptedTier<String> l2 = new ScriptedTier<>("l2", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(l1, "promote=always&maxEntrySize=4")
            .tier(l2)
            .build()) {
      cache.put("a", "1");
      cache.put("b", "too long");
      l2.failNext(Op.PUT, 1);
      cache.put("c", "3");

      TierStats upper = cache.stats().tier(1);
      TierStats lower = cache.stats().tier(2);
      assertThat(upper.writes()).isEqualTo(2);
      assertThat(upper.skippedWrites()).isEqualTo(1);
      assertThat(lower.writes()).isEqualTo(2);
      assertThat(lower.droppedWrites()).isEqualTo(1);
      assertThat(lower.errors()).isEqualTo(1);
      assertThat(lower.timeouts()).isZero();
    }
  }

  @Test
  void resilienceCountersTimeoutsRejectionsAndBreakerState() {
    ScriptedTier<String> l2 = new ScriptedTier<String>("l2", clock).script(Mode.HANG, Op.GET);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .circuitBreaker(2, Duration.ofSeconds(30))
            .tier(new MapTier<>("l1", clock), "promote=always")
            .tier(l2, "timeout=50ms")
            .build()) {
      assertThat(Await.done(cache.getAsync("a"))).isNull();
      assertThat(Await.done(cache.getAsync("b"))).isNull();
      assertThat(Await.done(cache.getAsync("c"))).isNull();

      TierStats lower = cache.stats().tier(2);
      assertThat(lower.timeouts()).isEqualTo(2);
      assertThat(lower.errors()).isEqualTo(2);
      assertThat(lower.rejectedByBreaker()).isEqualTo(1);
      assertThat(lower.misses()).isEqualTo(3);
      assertThat(lower.breakerState()).isEqualTo(BreakerState.OPEN);
    }
  }

  @Test
  void storeEventsEvictionsExpiriesAndCorruptEntries() {
    MapTierProvider provider = new MapTierProvider();
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .registry(BackendRegistry.of(List.of(provider)))
            .tiers("map:?promote=always | map:?shared=true")
            .build()) {
      MapTier<String> upper = provider.opened(0);
      MapTier<String> lower = provider.opened(1);
      upper.events().onEviction("a");
      upper.events().onEviction("b");
      upper.events().onExpiry("c");
      lower.events().onCorruptEntry("d", "bad frame");
      lower.events().onExpiry("e");

      TierStats l1 = cache.stats().tier(1);
      TierStats l2 = cache.stats().tier(2);
      assertThat(l1.evictions()).isEqualTo(2);
      assertThat(l1.expiries()).isEqualTo(1);
      assertThat(l1.corruptEntries()).isZero();
      assertThat(l2.corruptEntries()).isEqualTo(1);
      assertThat(l2.expiries()).isEqualTo(1);
      assertThat(l2.evictions()).isZero();
      assertThat(l1.name()).isEqualTo("L1-map");
      assertThat(l2.name()).isEqualTo("L2-map");
    }
  }

  @Test
  void loaderCountersLoadsFailuresLoadTimeNegativeHitsAndDiscardedLoads() {
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(new MapTier<>("l1", clock), "promote=always")
            .tier(new MapTier<>("l2", clock))
            .build()) {
      cache.get("a", key -> {
        clock.advance(Duration.ofMillis(7));
        return "A";
      });
      assertThatThrownBy(() -> cache.get("b", key -> {
        clock.advance(Duration.ofMillis(5));
        throw new IllegalStateException("down");
      })).hasMessage("down");
      cache.get("c", key -> null);
      cache.get("c", key -> "unused");
      cache.get("c", key -> "unused");
      cache.get("d", key -> {
        cache.invalidate(key).join();
        return "D";
      });

      CacheStats stats = cache.stats();
      assertThat(stats.loads()).isEqualTo(3);
      assertThat(stats.loadFailures()).isEqualTo(1);
      assertThat(stats.loadTime()).isEqualTo(Duration.ofMillis(12));
      assertThat(stats.negativeHits()).isEqualTo(2);
      assertThat(stats.discardedLoads()).isEqualTo(1);
      assertThat(stats.refreshes()).isZero();
    }
  }

  @Test
  void refreshCounters() {
    ManualExecutor executor = new ManualExecutor();
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .executor(executor)
            .defaultTtl(Duration.ofMinutes(1))
            .defaultStaleFor(Duration.ofMinutes(10))
            .tier(new MapTier<>("l1", clock), "promote=always")
            .tier(new MapTier<>("l2", clock))
            .build()) {
      cache.put("ok", "old");
      cache.put("bad", "old");
      clock.advance(Duration.ofMinutes(2));
      cache.get("ok", key -> "new");
      cache.get("bad", key -> {
        throw new IllegalStateException("down");
      });
      executor.runPending();

      CacheStats stats = cache.stats();
      assertThat(stats.refreshes()).isEqualTo(2);
      assertThat(stats.refreshFailures()).isEqualTo(1);
      assertThat(stats.loads()).isZero();
      assertThat(cache.stats().tier(1).staleHits()).isEqualTo(2);
    }
  }

  @Test
  void coherenceCountersEvictionsClearsAndPublishFailures() {
    MapTier<String> shared = new MapTier<>("shared", clock, BackendCapabilities.remote().build());
    MapTier<String> localB = new MapTier<>("b", clock);
    LocalInvalidationBus bus = new LocalInvalidationBus();
    TieredCache<String> a =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .invalidationBus(bus)
            .tier(new MapTier<>("a", clock), "promote=always")
            .tier(shared)
            .build();
    TieredCache<String> b =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .invalidationBus(bus)
            .tier(localB, "promote=always")
            .tier(shared)
            .build();
    try {
      a.put("k1", "v", Duration.ofMinutes(1), Set.of("t"));
      a.put("k2", "v", Duration.ofMinutes(1), Set.of("t"));
      b.getIfPresent("k1");
      b.getIfPresent("k2");
      a.put("k1", "v2", Duration.ofMinutes(1), Set.of("t")); // evicts k1 from B
      b.getIfPresent("k1");
      a.invalidateByTag("t").join(); // evicts k1 and k2 from B
      a.invalidate("absent").join(); // nothing to evict in B
      bus.disconnect();
      bus.reconnect();

      assertThat(b.stats().coherenceEvictions()).isEqualTo(3);
      assertThat(b.stats().coherenceClears()).isEqualTo(2);
      assertThat(a.stats().coherenceEvictions()).isZero();
      assertThat(a.stats().publishFailures()).isZero();
      bus.close();
      a.put("k3", "v");
      assertThat(a.stats().publishFailures()).isEqualTo(1);
      assertThat(localB.size()).isZero();
      CacheEntry<String> entry = shared.raw("k3");
      assertThat(entry).isNotNull();
    } finally {
      b.close();
      a.close();
    }
  }
}
