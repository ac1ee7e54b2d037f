package io.tiercache.tck.memory;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;

/** The memory tier passes the contract: what a third party writes to prove its backend. */
class MemoryBackendContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "memory://";
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    MemoryBackend.corrupt(backend, key);
  }
}
