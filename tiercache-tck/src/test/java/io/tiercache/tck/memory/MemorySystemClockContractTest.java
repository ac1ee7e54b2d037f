package io.tiercache.tck.memory;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;

/**
 * The memory tier keeping its own time, as a server does: the kit cannot move its clock, so it
 * checks expiry with short real lifetimes and deadlines.
 */
class MemorySystemClockContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "memory://?clock=system";
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    MemoryBackend.corrupt(backend, key);
  }
}
