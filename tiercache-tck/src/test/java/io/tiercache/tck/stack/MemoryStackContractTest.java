package io.tiercache.tck.stack;

import io.tiercache.tck.StackContract;
import java.util.List;

/** Two in-process sample tiers pass the stack rules. */
class MemoryStackContractTest extends StackContract {

  @Override
  protected List<String> tierUris() {
    return List.of("memory://", "memory://");
  }
}
