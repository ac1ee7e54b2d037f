package io.tiercache.backend.redis;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.InvalidationBus;
import java.time.Duration;

/** Builds the two-tier stacks the tests use: Caffeine (promote always) over a Redis tier. */
final class Stacks {

  private Stacks() {}

  /** Caffeine over the Redis tier at {@code redisUri} (a full tier URI). */
  static TieredCache<String> caffeineOver(String redisUri) {
    return builder(redisUri).build();
  }

  /** A builder of Caffeine over the Redis tier, with a generous default timeout. */
  static TieredCache.Builder<String> builder(String redisUri) {
    return TieredCache.builder(ValueCodec.utf8())
        .defaultTimeout(Duration.ofSeconds(2))
        .tiers("caffeine://?maximumSize=10000&promote=always | " + redisUri);
  }

  /** The Redis tier's bus of a stack. */
  static RedisInvalidationBus bus(TieredCache<?> cache) {
    InvalidationBus bus = cache.invalidationBus().orElseThrow(
        () -> new AssertionError("the stack has no invalidation bus"));
    return (RedisInvalidationBus) bus;
  }
}
