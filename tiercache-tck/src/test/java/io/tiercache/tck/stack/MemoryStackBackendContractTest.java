package io.tiercache.tck.stack;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.BackendContract;
import java.time.Duration;

/** A two-tier stack of sample tiers is itself a backend that passes the backend rules. */
class MemoryStackBackendContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "memory://";
  }

  @Override
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    return TieredCache.builder(codec)
        .clock(clock)
        .defaultTtl(Duration.ofHours(1))
        .tiers("memory:// | memory://?local=false")
        .build();
  }
}
