package io.tiercache.backend.ehcache;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.BackendContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack of Caffeine over a persistent Ehcache disk tier is itself a backend that passes the
 * backend rules. Each stack the kit opens gets a folder of its own.
 */
class CaffeineOverEhcacheDiskContractTest extends BackendContract {

  @TempDir static Path folders;

  private static final AtomicInteger OPENED = new AtomicInteger();

  @Override
  protected String tierUri() {
    return Stacks.diskTier(folders.resolve("store"));
  }

  @Override
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    return Stacks.caffeineOverDisk(
        codec, clock, folders.resolve("store-" + OPENED.incrementAndGet()));
  }
}
