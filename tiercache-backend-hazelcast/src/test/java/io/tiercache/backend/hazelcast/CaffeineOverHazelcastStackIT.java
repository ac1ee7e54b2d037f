package io.tiercache.backend.hazelcast;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.StackContract;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Caffeine over a Hazelcast client passes the stack rules: promotion keeps the exact remaining
 * lifetime, no read resurrects an older value, tags and invalidations span both tiers and count
 * each key once.
 */
class CaffeineOverHazelcastStackIT extends StackContract {

  private static HazelcastCluster cluster;
  private static CacheBackend<String> keeper;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastCluster.twoMembers();
    // Keeps the stacks' shared client open between rules, each of which opens stacks anew.
    keeper = Tiers.keepClientOf(cluster.clientUri("stack"));
  }

  @AfterAll
  static void stopCluster() {
    try {
      keeper.close();
    } finally {
      cluster.close();
    }
  }

  @Override
  protected List<String> tierUris() {
    return List.of("caffeine://?maximumSize=10000", cluster.clientUri("stack"));
  }
}
