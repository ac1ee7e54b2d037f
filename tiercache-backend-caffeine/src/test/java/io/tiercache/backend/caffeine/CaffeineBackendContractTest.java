package io.tiercache.backend.caffeine;

import io.tiercache.tck.BackendContract;

/** The Caffeine tier passes the whole TCK (rule R21 is skipped: it stores references). */
class CaffeineBackendContractTest extends BackendContract {

  @Override
  protected String tierUri() {
    return "caffeine://?maximumSize=100000";
  }
}
