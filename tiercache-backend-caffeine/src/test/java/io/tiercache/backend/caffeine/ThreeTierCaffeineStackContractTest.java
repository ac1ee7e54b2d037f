package io.tiercache.backend.caffeine;

import io.tiercache.tck.StackContract;
import java.util.List;

/** Caffeine over two sample tiers (the middle one asynchronous, like a remote store). */
class ThreeTierCaffeineStackContractTest extends StackContract {

  @Override
  protected List<String> tierUris() {
    return List.of("caffeine://?maximumSize=10000", "memory://?local=false", "memory://");
  }
}
