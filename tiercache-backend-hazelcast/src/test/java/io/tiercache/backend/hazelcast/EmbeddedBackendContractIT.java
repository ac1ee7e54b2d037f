package io.tiercache.backend.hazelcast;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The embedded tier passes the whole TCK (R28 is skipped: test classes are not an explicit
 * module), on a member of its own bound to 127.0.0.1. A tier kept open for the whole class keeps
 * the shared member running, so each rule opens a fresh tier without starting a member.
 *
 * <p>The model-based rule runs 300 sequences rather than 1,000 (unless
 * {@code -Dtiercache.tck.sequences} says otherwise): the tier's code is the client's, which runs
 * the full 1,000 in {@link ClientBackendContractIT}; here it proves the member's transport.
 */
class EmbeddedBackendContractIT extends BackendContract {

  /** The TCK's system property for the number of model-based sequences. */
  private static final String SEQUENCES = "tiercache.tck.sequences";

  private static String commandLineSequences;

  private static String uri;
  private static CacheBackend<String> keeper;

  @BeforeAll
  static void startMember() {
    commandLineSequences = System.getProperty(SEQUENCES);
    if (commandLineSequences == null) {
      System.setProperty(SEQUENCES, "300");
    }
    uri = "hazelcast-embedded:tck?cluster=tck-embedded-" + System.nanoTime()
        + "&address=127.0.0.1&port=" + HazelcastCluster.freePort();
    keeper = Tiers.open(uri);
  }

  @AfterAll
  static void stopMember() {
    if (commandLineSequences == null) {
      System.clearProperty(SEQUENCES);
    }
    keeper.close();
  }

  @Override
  protected String tierUri() {
    return uri;
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    Tiers.corrupt(backend, key);
  }
}
