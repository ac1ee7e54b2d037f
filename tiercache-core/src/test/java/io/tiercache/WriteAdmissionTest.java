package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import io.tiercache.spi.TierAccessException;
import io.tiercache.testing.MapTier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link PromotionStrategy#admitWrite}: upper tiers may decline write-through writes. */
class WriteAdmissionTest {

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> l1 = new MapTier<>("l1", clock);
  private final MapTier<String> l2 = new MapTier<>("l2", clock);
  private final AtomicBoolean admits = new AtomicBoolean(true);
  private final List<String> asked = new ArrayList<>();

  /** {@code gate}: admits writes while {@link #admits} is set, promotes every hit below. */
  private final PromotionStrategyProvider gate =
      new PromotionStrategyProvider() {
        @Override
        public String name() {
          return "gate";
        }

        @Override
        public String usage() {
          return "'gate'";
        }

        @Override
        public void checkArgument(@Nullable String argument) {}

        @Override
        public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
          return new PromotionStrategy() {
            @Override
            public boolean shouldPromote(String key, long nowMillis) {
              return true;
            }

            @Override
            public boolean admitWrite(String key, long nowMillis) {
              asked.add(key);
              return admits.get();
            }
          };
        }
      };

  private TieredCache<String> stack(WritePolicy policy) {
    return TieredCache.builder(ValueCodec.utf8())
        .clock(clock)
        .writePolicy(policy)
        .promotionStrategies(PromotionStrategies.of(List.of(gate)))
        .tier(l1, "promote=gate")
        .tier(l2)
        .build();
  }

  @Test
  void aDeclinedWriteThroughSkipsTheTierAndRemovesItsOldCopy() {
    try (TieredCache<String> cache = stack(WritePolicy.WRITE_THROUGH)) {
      cache.put("k", "v1");
      assertThat(l1.raw("k").value()).isEqualTo("v1");

      admits.set(false);
      cache.put("k", "v2");

      assertThat(l1.raw("k")).as("the old copy is gone from the tier that declined").isNull();
      assertThat(l2.raw("k").value()).isEqualTo("v2");
      assertThat(asked).containsExactly("k", "k");
      // The next read finds it below and promotes it: never the old value.
      assertThat(cache.getIfPresent("k")).isEqualTo("v2");
      assertThat(l1.raw("k").value()).isEqualTo("v2");
      assertThat(cache.stats().tier(1).writes()).isEqualTo(1);
    }
  }

  @Test
  void aLoadedValueIsWrittenOnlyWhereAdmitted() {
    admits.set(false);
    try (TieredCache<String> cache = stack(WritePolicy.WRITE_THROUGH)) {
      assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k").value()).isEqualTo("loaded");
      assertThat(asked).containsExactly("k");
    }
  }

  @Test
  void writeAroundNeverAsks() {
    try (TieredCache<String> cache = stack(WritePolicy.WRITE_AROUND)) {
      cache.put("k", "v");
      assertThat(cache.get("other", key -> "loaded")).isEqualTo("loaded");
      assertThat(asked).isEmpty();
      assertThat(l1.raw("k")).isNull();
    }
  }

  @Test
  void aWriteDeclinedAboveStillFailsWhenNoTierTookIt() {
    admits.set(false);
    try (TieredCache<String> cache = stack(WritePolicy.WRITE_THROUGH)) {
      l2.close();
      assertThatThrownBy(() -> cache.put("k", "v"))
          .isInstanceOf(TierAccessException.class)
          .hasMessageContaining("no tier took the write of key 'k'");
    }
  }
}
