package io.tiercache.backend.caffeine;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.BackendContract;

/** A two-tier stack, Caffeine over the TCK's sample tier, passes the backend rules. */
class CaffeineOverMemoryBackendContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "caffeine://?maximumSize=10000";
  }

  @Override
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    return TieredCache.builder(codec).clock(clock).tiers("caffeine://?maximumSize=10000 | memory://").build();
  }
}
