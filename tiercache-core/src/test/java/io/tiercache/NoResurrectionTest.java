package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.Await;
import io.tiercache.testing.MapTier;
import io.tiercache.testing.ScriptedTier;
import io.tiercache.testing.ScriptedTier.Gate;
import io.tiercache.testing.ScriptedTier.Op;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A promotion of the old value held at a gate while the key is invalidated, rewritten or
 * tag-invalidated: once that completed, no read returns the old value and L1 never holds it.
 */
class NoResurrectionTest {

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> l1 = new MapTier<>("l1", clock);
  private final ScriptedTier<String> l2 = new ScriptedTier<>("l2", clock);

  private TieredCache<String> cache() {
    return TieredCache.builder(ValueCodec.utf8())
        .clock(clock)
        .writePolicy(WritePolicy.WRITE_AROUND)
        .tier(l1, "promote=always")
        .tier(l2)
        .build();
  }

  /** Holds a read of the old value below L1, runs {@code mutation}, then lets the read go on. */
  private String readHeldAcross(TieredCache<String> cache, Consumer<TieredCache<String>> mutation) {
    Gate gate = l2.holdNext(Op.GET);
    CompletableFuture<String> read = cache.getAsync("k");
    Await.done(gate.reached());
    assertThat(read).isNotDone();

    mutation.accept(cache);
    assertThat(l1.raw("k")).isNull();

    gate.release();
    return Await.done(read);
  }

  @Test
  void invalidateDuringPromotionNeverResurrects() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old", Duration.ofMinutes(5), Set.of("t"));

      String held = readHeldAcross(cache, c -> assertThat(c.invalidate("k").join()).isTrue());

      assertThat(held).isNull();
      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(Await.done(cache.getAsync("k"))).isNull();
      assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
      assertThat(cache.stats().tier(1).promotionsIn()).isZero();
    }
  }

  @Test
  void newerPutDuringPromotionNeverResurrects() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old");

      String held = readHeldAcross(cache, c -> c.put("k", "new"));

      assertThat(held).isEqualTo("new");
      assertThat(l1.raw("k") == null || "new".equals(l1.raw("k").value())).isTrue();
      assertThat(cache.getIfPresent("k")).isEqualTo("new");
      assertThat(cache.getIfPresent("k")).isEqualTo("new");
      assertThat(l1.raw("k").value()).isEqualTo("new");
    }
  }

  @Test
  void tagInvalidationDuringPromotionNeverResurrects() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old", Duration.ofMinutes(5), Set.of("t"));

      String held =
          readHeldAcross(cache, c -> assertThat(c.invalidateByTag("t").join()).containsExactly("k"));

      assertThat(held).isNull();
      assertThat(l1.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.keysByTag("t").join()).isEmpty();
    }
  }

  @Test
  void aKeyTaggedAfterATagInvalidationListedItsKeysIsNotResurrectedByAPromotion() {
    try (TieredCache<String> cache = cache()) {
      cache.put("j", "w", Duration.ofMinutes(5), Set.of("t"));
      Gate listing = l2.holdNext(Op.KEYS_BY_TAG);
      CompletableFuture<Set<String>> invalidation = cache.invalidateByTag("t");
      Await.done(listing.reached());
      // The invalidation has listed the tag's keys (j only). Now k takes the tag, and a read finds
      // it below L1: its promotion is on its way when the invalidation runs.
      cache.put("k", "v1", Duration.ofMinutes(5), Set.of("t"));
      Gate read = l2.holdNext(Op.GET);
      CompletableFuture<String> promoting = cache.getAsync("k");
      Await.done(read.reached());
      listing.release();
      assertThat(Await.done(invalidation)).containsExactlyInAnyOrder("j", "k");

      read.release();
      Await.done(promoting);

      assertThat(l1.raw("k")).as("L1 after the promotion").isNull();
      assertThat(cache.getIfPresent("k")).isNull();
    }
  }

  @Test
  void clearDuringPromotionNeverResurrects() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old");

      String held = readHeldAcross(cache, c -> c.clear().join());

      assertThat(held).isNull();
      assertThat(l1.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
    }
  }

  @Test
  void promotionIsCheckedAtomicallyWithItsWriteIntoL1() {
    MapTier<String> lower = new MapTier<>("l2", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=always")
            .tier(lower)
            .build()) {
      cache.put("k", "old");
      AtomicBoolean armed = new AtomicBoolean(true);
      CompletableFuture<Boolean> invalidation = new CompletableFuture<>();
      // Inside L1's conditional write of the promotion, under the key's lock: start an
      // invalidation on another thread and let it run until it has removed the lower copy (it
      // then waits for the key's lock in L1).
      l1.beforeConditionalPut(
          () -> {
            if (armed.getAndSet(false)) {
              CompletableFuture.runAsync(
                  () -> invalidation.complete(cache.invalidate("k").join()));
              Await.until("the invalidation removed the lower copy", () -> lower.raw("k") == null);
            }
          });

      String read = cache.getIfPresent("k");

      assertThat(Await.done(invalidation)).isTrue();
      assertThat(read).isNull();
      assertThat(l1.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.stats().tier(1).promotionsIn()).isZero();
    }
  }

  @Test
  void promotionIntoARemoteMiddleTierThatRacedWithAnInvalidationIsUndone() {
    MapTier<String> lowest = new MapTier<>("l3", clock);
    ScriptedTier<String> middle = new ScriptedTier<>("l2", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=never")
            .tier(middle, "promote=always")
            .tier(lowest)
            .build()) {
      cache.put("k", "old");
      Gate promotion = middle.holdNext(Op.PUT);
      CompletableFuture<String> read = cache.getAsync("k");
      Await.done(promotion.reached());
      // The read does not wait for its promotion: it answered before the invalidation began.
      assertThat(Await.done(read)).isEqualTo("old");

      assertThat(cache.invalidate("k").join()).isTrue();
      promotion.release();

      assertThat(middle.raw("k")).isNull();
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.stats().tier(2).promotionsIn()).isZero();
    }
  }
}
