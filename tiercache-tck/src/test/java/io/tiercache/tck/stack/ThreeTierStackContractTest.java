package io.tiercache.tck.stack;

import io.tiercache.tck.StackContract;
import java.util.List;

/** Three sample tiers, the middle one asynchronous only (like a remote store), pass the rules. */
class ThreeTierStackContractTest extends StackContract {

  @Override
  protected List<String> tierUris() {
    return List.of("memory://", "memory://?local=false", "memory://");
  }
}
