package io.tiercache.backend.ehcache;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.TierClock;
import java.nio.file.Path;
import java.time.Duration;

/** Builds stacks with an Ehcache disk tier. */
final class Stacks {

  private Stacks() {}

  /** A persistent heap, off-heap and disk tier in a folder. */
  static String diskTier(Path folder) {
    return "ehcache:" + folder.toUri().getRawPath()
        + "?entries=1000&offheap=8MB&disk=64MB&persistent=true";
  }

  /** Caffeine over a persistent Ehcache disk tier in a folder. */
  static <V> TieredCache<V> caffeineOverDisk(ValueCodec<V> codec, TierClock clock, Path folder) {
    return TieredCache.builder(codec)
        .clock(clock)
        .defaultTtl(Duration.ofHours(1))
        .tiers("caffeine://?maximumSize=10000 | " + diskTier(folder))
        .build();
  }
}
