package io.tiercache.backend.hazelcast;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The client tier passes the whole TCK against a cluster of two members (R28 is skipped: test
 * classes are not an explicit module). A tier kept open for the whole class keeps the shared
 * client alive, so each rule opens a fresh tier without a new connection.
 */
class ClientBackendContractIT extends BackendContract {

  private static HazelcastCluster cluster;
  private static CacheBackend<String> keeper;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastCluster.twoMembers();
    keeper = Tiers.open(uri());
  }

  @AfterAll
  static void stopCluster() {
    try {
      keeper.close();
    } finally {
      cluster.close();
    }
  }

  private static String uri() {
    return cluster.clientUri("tck");
  }

  @Override
  protected String tierUri() {
    return uri();
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    Tiers.corrupt(backend, key);
  }
}
