package io.tiercache.backend.hazelcast;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A stack, Caffeine over a Hazelcast client, is itself a backend and passes the whole TCK: every
 * read goes through L1 (promoting always), every write and invalidation reaches both tiers and
 * the stack's bus. Skipped: R21 (the stack reports corrupt entries to its statistics, not to the
 * kit's listener), R22 and R23 (a stack is not an in-process tier).
 *
 * <p>The model-based rule runs 200 sequences rather than 1,000 (unless
 * {@code -Dtiercache.tck.sequences} says otherwise): each operation of a stack is a few round
 * trips to the cluster (the entry, then the bus), and the tier alone runs the full 1,000 in
 * {@link ClientBackendContractIT}.
 */
class CaffeineOverHazelcastContractIT extends BackendContract {

  /** The TCK's system property for the number of model-based sequences. */
  private static final String SEQUENCES = "tiercache.tck.sequences";

  private static String commandLineSequences;

  private static HazelcastCluster cluster;
  private static CacheBackend<String> keeper;

  @BeforeAll
  static void startCluster() {
    commandLineSequences = System.getProperty(SEQUENCES);
    if (commandLineSequences == null) {
      System.setProperty(SEQUENCES, "200");
    }
    cluster = HazelcastCluster.twoMembers();
    keeper = Tiers.keepClientOf(cluster.clientUri("tck-stack"));
  }

  @AfterAll
  static void stopCluster() {
    if (commandLineSequences == null) {
      System.clearProperty(SEQUENCES);
    }
    try {
      keeper.close();
    } finally {
      cluster.close();
    }
  }

  @Override
  protected String tierUri() {
    return cluster.clientUri("tck-stack");
  }

  @Override
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    return TieredCache.builder(codec)
        .clock(clock)
        .tiers("caffeine://?maximumSize=100000&promote=always | " + tierUri())
        .build();
  }
}
