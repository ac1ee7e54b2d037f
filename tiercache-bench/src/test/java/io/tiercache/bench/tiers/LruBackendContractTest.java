package io.tiercache.bench.tiers;

import io.tiercache.tck.BackendContract;

/** The recency-only tier passes the TCK (R21: it stores references; R28: class path only). */
class LruBackendContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "lru://?maximumSize=100000";
  }
}
