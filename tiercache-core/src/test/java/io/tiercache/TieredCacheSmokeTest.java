package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.MapTier;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TieredCacheSmokeTest {

  @Test
  void hitBelowIsPromotedWithItsRemainingTtl() {
    ManualClock clock = new ManualClock();
    MapTier<String> l1 = new MapTier<>("l1", clock);
    MapTier<String> l2 = new MapTier<>("l2", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=always")
            .tier(l2)
            .build()) {
      cache.put("k", "v", Duration.ofMinutes(10), Set.of("t"));
      assertThat(l1.raw("k")).isNull();
      clock.advance(Duration.ofMinutes(3));
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNotNull();
      assertThat(l1.raw("k").expiresAt()).isEqualTo(l2.raw("k").expiresAt());
      assertThat(cache.stats().tier(1).promotionsIn()).isEqualTo(1);
      assertThat(cache.stats().tier(2).promotionsOut()).isEqualTo(1);
      assertThat(cache.invalidateByTag("t").join()).containsExactly("k");
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k").value()).isEqualTo("loaded");
    }
  }
}
