package io.tiercache.bench.tiers;

import io.tiercache.tck.BackendContract;

/** The unbounded tier passes the TCK (R21: it stores references; R28: class path only). */
class UnboundedBackendContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "unbounded://";
  }
}
