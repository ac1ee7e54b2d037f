package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierAccessException;
import io.tiercache.testing.Await;
import io.tiercache.testing.MapTier;
import io.tiercache.testing.ScriptedTier;
import io.tiercache.testing.ScriptedTier.Gate;
import io.tiercache.testing.ScriptedTier.Mode;
import io.tiercache.testing.ScriptedTier.Op;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResilienceTest {

  private static final long TIMEOUT_MILLIS = 50;

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> l1 = new MapTier<>("l1", clock);
  private final ScriptedTier<String> remote = new ScriptedTier<>("remote", clock);

  @Test
  void aTierThatNeverAnswersIsAMissForReadsWithinItsTimeout() {
    remote.scriptAll(Mode.HANG);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(l1, "promote=always")
            .tier(remote, "timeout=" + TIMEOUT_MILLIS + "ms")
            .build()) {
      long began = System.nanoTime();
      CompletableFuture<String> read = cache.getAsync("k");
      assertThat(Await.done(read)).isNull();
      long readMillis = (System.nanoTime() - began) / 1_000_000;

      assertThat(readMillis).isBetween(TIMEOUT_MILLIS, TIMEOUT_MILLIS + 1_000);
      TierStats stats = cache.stats().tier(2);
      assertThat(stats.timeouts()).isEqualTo(1);
      assertThat(stats.errors()).isEqualTo(1);
      assertThat(stats.misses()).isEqualTo(1);
    }
  }

  @Test
  void aTierThatNeverAnswersFallsThroughToTheLoaderAndItsWriteIsDroppedWithinTheTimeout() {
    remote.scriptAll(Mode.HANG);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(l1, "promote=always")
            .tier(remote, "timeout=" + TIMEOUT_MILLIS + "ms")
            .build()) {
      long began = System.nanoTime();
      String value =
          Await.done(CompletableFuture.supplyAsync(() -> cache.get("k", key -> "loaded")));
      long millis = (System.nanoTime() - began) / 1_000_000;

      assertThat(value).isEqualTo("loaded");
      // one timed-out read, one timed-out write, nothing more
      assertThat(millis).isBetween(2 * TIMEOUT_MILLIS, 2 * TIMEOUT_MILLIS + 1_000);
      TierStats stats = cache.stats().tier(2);
      assertThat(stats.timeouts()).isEqualTo(2);
      assertThat(stats.droppedWrites()).isEqualTo(1);
      assertThat(stats.writes()).isZero();
      assertThat(cache.stats().tier(1).writes()).isEqualTo(1);
      assertThat(cache.getIfPresent("k")).isEqualTo("loaded");

      began = System.nanoTime();
      cache.put("k", "written");
      millis = (System.nanoTime() - began) / 1_000_000;
      assertThat(millis).isBetween(TIMEOUT_MILLIS, TIMEOUT_MILLIS + 1_000);
      assertThat(cache.stats().tier(2).droppedWrites()).isEqualTo(2);
      assertThat(cache.getIfPresent("k")).isEqualTo("written");
    }
  }

  @Test
  void aWriteTheStoreRefusedIsDroppedAndTheOldCopyRemoved() {
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(l1, "promote=always")
            .tier(remote)
            .build()) {
      cache.put("k", "old");
      remote.failNext(Op.PUT, 1);

      cache.put("k", "new");

      assertThat(remote.raw("k")).as("the old copy was removed").isNull();
      assertThat(remote.calls(Op.INVALIDATE)).isEqualTo(1);
      TierStats stats = cache.stats().tier(2);
      assertThat(stats.droppedWrites()).isEqualTo(1);
      assertThat(stats.errors()).isEqualTo(1);
      assertThat(stats.writes()).isEqualTo(1);
      assertThat(cache.getIfPresent("k")).isEqualTo("new");
    }
  }

  @Test
  void circuitBreakerOpensSkipsHalfOpensAndClosesOnASuccessfulProbe() {
    remote.script(Mode.FAIL, Op.GET);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .circuitBreaker(3, Duration.ofSeconds(10))
            .tier(l1, "promote=always")
            .tier(remote)
            .build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(cache.getIfPresent("k")).isNull();
      }
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(cache.stats().tier(2).errors()).isEqualTo(3);

      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(remote.calls(Op.GET)).as("skipped while open").isEqualTo(3);
      assertThat(cache.stats().tier(2).rejectedByBreaker()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(9));
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(remote.calls(Op.GET)).isEqualTo(3);
      assertThat(cache.stats().tier(2).rejectedByBreaker()).isEqualTo(2);

      clock.advance(Duration.ofSeconds(1));
      remote.script(Mode.NORMAL, Op.GET);
      remote.store("k", io.tiercache.spi.CacheEntry.of("v", clock.millis(), Duration.ofMinutes(1),
          Duration.ZERO, java.util.Set.of()));
      Gate probe = remote.holdNext(Op.GET);
      CompletableFuture<String> probing = cache.getAsync("k");
      Await.done(probe.reached());
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.HALF_OPEN);
      assertThat(cache.getIfPresent("other")).as("one probe at a time").isNull();
      assertThat(cache.stats().tier(2).rejectedByBreaker()).isEqualTo(3);

      probe.release();

      assertThat(Await.done(probing)).isEqualTo("v");
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(cache.getIfPresent("other")).isNull();
      assertThat(remote.calls(Op.GET)).isEqualTo(5);
    }
  }

  @Test
  void circuitBreakerReopensOnAFailedProbe() {
    remote.script(Mode.FAIL, Op.GET);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .circuitBreaker(3, Duration.ofSeconds(10))
            .tier(l1, "promote=always")
            .tier(remote)
            .build()) {
      for (int i = 0; i < 3; i++) {
        cache.getIfPresent("k");
      }
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.OPEN);
      clock.advance(Duration.ofSeconds(10));

      assertThat(cache.getIfPresent("k")).isNull();

      assertThat(remote.calls(Op.GET)).isEqualTo(4);
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(remote.calls(Op.GET)).as("open again for a full period").isEqualTo(4);
      clock.advance(Duration.ofSeconds(10));
      remote.script(Mode.NORMAL, Op.GET);
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.CLOSED);
    }
  }

  @Test
  void writesToAnOpenBreakerAreDroppedAndCountedOnce() {
    remote.script(Mode.FAIL, Op.PUT);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .circuitBreaker(1, Duration.ofSeconds(10))
            .tier(l1, "promote=always")
            .tier(remote)
            .build()) {
      cache.put("a", "1");
      assertThat(cache.stats().tier(2).breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(cache.stats().tier(2).droppedWrites()).isEqualTo(1);

      cache.put("b", "2");

      TierStats stats = cache.stats().tier(2);
      assertThat(stats.droppedWrites()).isEqualTo(2);
      assertThat(stats.rejectedByBreaker()).isEqualTo(1);
      assertThat(remote.calls(Op.PUT)).isEqualTo(1);
      assertThat(cache.getIfPresent("b")).isEqualTo("2");
    }
  }

  @Test
  void callerSeesAnExceptionOnlyWhenNoTierAndNoLoaderCanAnswer() {
    ScriptedTier<String> upper = new ScriptedTier<String>("upper", clock).scriptAll(Mode.FAIL);
    remote.scriptAll(Mode.FAIL);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(upper, "promote=always")
            .tier(remote)
            .build()) {
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(Await.done(cache.getAsync("k"))).isNull();
      assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
      assertThat(Await.done(cache.getAsync("k2", key -> CompletableFuture.completedFuture("v"))))
          .isEqualTo("v");

      assertThatThrownBy(() -> cache.put("k", "v"))
          .isInstanceOf(TierAccessException.class)
          .hasMessageContaining("no tier took the write of key 'k'");
      assertThat(Await.failure(cache.putAsync("k", "v", null, null, java.util.Set.of())))
          .isInstanceOf(TierAccessException.class);
      assertThat(cache.invalidate("k").join()).isFalse();
      assertThat(cache.invalidateByTag("t").join()).isEmpty();
      assertThat(cache.stats().tier(2).droppedWrites()).isPositive();
    }
  }

  @Test
  void aPutThatOneTierTookSucceeds() {
    remote.scriptAll(Mode.FAIL);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(l1, "promote=always")
            .tier(remote)
            .build()) {
      cache.put("k", "v");

      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(cache.stats().tier(2).droppedWrites()).isEqualTo(1);
      assertThat(cache.stats().tier(1).writes()).isEqualTo(1);
    }
  }

  @Test
  void thousandsOfWritesQueuedBehindASlowTierAllComplete() {
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(l1, "promote=always")
            .tier(remote)
            .build()) {
      Gate slow = remote.holdNext(Op.INVALIDATE);
      CompletableFuture<Boolean> first = cache.invalidate("k");
      java.util.List<CompletableFuture<Void>> writes = new java.util.ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        writes.add(cache.putAsync("k", "v" + i, null, null, java.util.Set.of()));
      }
      assertThat(writes).noneMatch(CompletableFuture::isDone);

      slow.release();

      Await.done(first);
      for (CompletableFuture<Void> write : writes) {
        Await.done(write);
      }
      assertThat(cache.getIfPresent("k")).isEqualTo("v4999");
      assertThat(remote.raw("k").value()).isEqualTo("v4999");
    }
  }
}
