package io.tiercache.backend.ehcache;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.BackendContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap, off-heap and persistent disk Ehcache tier passes the whole TCK. Every backend the kit
 * opens gets a folder of its own: the kit opens a second backend while the first is open (R17,
 * R29), and a disk store's folder is held by one tier at a time.
 */
class EhcacheDiskContractTest extends BackendContract {

  @TempDir static Path folders;

  private static final AtomicInteger OPENED = new AtomicInteger();

  @Override
  protected String tierUri() {
    return uri(folders.resolve("store"));
  }

  @Override
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    BackendRegistry registry = BackendRegistry.load();
    String uri = uri(folders.resolve("store-" + OPENED.incrementAndGet()));
    return registry.open(registry.checkTier(uri), codec, clock, events);
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    Corruption.damage(backend, key);
  }

  private static String uri(Path folder) {
    return "ehcache:" + folder.toUri().getRawPath()
        + "?entries=1000&offheap=8MB&disk=64MB&persistent=true";
  }
}
