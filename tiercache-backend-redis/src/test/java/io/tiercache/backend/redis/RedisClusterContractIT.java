package io.tiercache.backend.redis;

import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.redis.RedisCluster;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A three-master Redis Cluster passes the whole backend contract, with the namespace spread over
 * 16 hash-tagged shards (tag operations fan out to every shard); R29 runs 400 sequences.
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisClusterContractIT extends BackendContract {

  private static final String PREFIX = "tck-cluster:";
  private static RedisCluster cluster;
  private static String sequences;
  private static RawRedis raw;

  @BeforeAll
  static void startCluster() {
    sequences = Fixtures.fewerSequences(400);
    cluster = RedisCluster.start();
    raw = RawRedis.of(cluster);
  }

  @AfterAll
  static void stopCluster() {
    Fixtures.restoreSequences(sequences);
    Fixtures.closeAll(raw, cluster);
  }

  @Override
  protected String tierUri() {
    // A long timeout: the contract checks behaviour, not speed (R17 writes 4 MB values).
    return cluster.uri() + "?timeout=5s&keyPrefix=" + PREFIX;
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    raw.set(KeyLayout.sharded(PREFIX, 16).entryKey(key),
        "not a tiercache entry".getBytes(StandardCharsets.UTF_8));
  }
}
