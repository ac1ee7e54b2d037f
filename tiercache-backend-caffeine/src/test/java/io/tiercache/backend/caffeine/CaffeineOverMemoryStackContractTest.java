package io.tiercache.backend.caffeine;

import io.tiercache.tck.StackContract;
import java.util.List;

/** Caffeine over the TCK's sample tier passes the stack rules. */
class CaffeineOverMemoryStackContractTest extends StackContract {

  @Override
  protected List<String> tierUris() {
    return List.of("caffeine://?maximumSize=10000", "memory://");
  }
}
