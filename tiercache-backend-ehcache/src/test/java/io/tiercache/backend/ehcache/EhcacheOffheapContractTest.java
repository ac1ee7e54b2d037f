package io.tiercache.backend.ehcache;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;

/** A heap and off-heap Ehcache tier, which stores bytes, passes the whole TCK. */
class EhcacheOffheapContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "ehcache:heap?entries=1000&offheap=64MB";
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    Corruption.damage(backend, key);
  }
}
