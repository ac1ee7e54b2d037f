package io.tiercache.bench.replay;

import io.tiercache.CacheStats;
import io.tiercache.TierStats;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.PromotionStrategy;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replays a trace through a two-tier {@link TieredCache}: every request is a
 * {@code get(key, loader)}, so a miss in both tiers loads the value and writes it down the stack
 * as the write policy says, and a hit in L2 is offered to L1's promotion strategy. The clock
 * stands still, so nothing expires and time windows never slide: use windows counted in requests.
 */
public final class Replayer {

  private static final String VALUE = "v";
  private static final Function<String, String> LOADER = key -> VALUE;

  private Replayer() {}

  /**
   * Replays a trace through one configuration.
   *
   * @param trace the trace
   * @param l1Size the L1's size in entries
   * @param configuration the L1 tier, write policy and promotion strategy
   * @param l2 the URI of the L2 tier, such as {@code unbounded://}
   * @return what was measured
   * @throws io.tiercache.config.InvalidTierUriException if a tier URI is invalid
   */
  public static Outcome replay(Trace trace, long l1Size, Configuration configuration, String l2) {
    ManualClock clock = new ManualClock();
    long began = System.nanoTime();
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(configuration.writePolicy())
            .coherence(false)
            .tiers(configuration.tiers(l1Size, l2))
            .build()) {
      int length = trace.length();
      for (int i = 0; i < length; i++) {
        cache.get(trace.key(trace.request(i)), LOADER);
      }
      long nanos = System.nanoTime() - began;
      CacheStats stats = cache.stats();
      TierStats l1 = stats.tier(1);
      TierStats below = stats.tier(2);
      Optional<PromotionStrategy> strategy = cache.promotionStrategy(1);
      return new Outcome(
          length,
          l1.hits() + l1.staleHits(),
          below.hits() + below.staleHits(),
          l1.writes() + l1.promotionsIn(),
          strategy.map(PromotionStrategy::footprintBytes).orElse(0L),
          strategy.map(Object::toString).orElse("none"),
          nanos);
    }
  }
}
