package io.tiercache.backend.ehcache;

import io.tiercache.tck.BackendContract;

/** A heap-only Ehcache tier passes the whole TCK (R21 is skipped: it stores references). */
class EhcacheHeapContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "ehcache:heap?entries=100000";
  }
}
