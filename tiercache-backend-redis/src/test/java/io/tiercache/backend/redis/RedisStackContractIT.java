package io.tiercache.backend.redis;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two-tier stack {@code caffeine:// | redis://}, a {@link TieredCache} and so itself a
 * backend, passes the backend contract (R21 skips: the stack's bytes are the Redis tier's, whose
 * own run covers it; R22, R23 and R28 skip: a stack is not a local tier nor a provider). R29
 * runs 300 sequences.
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisStackContractIT extends BackendContract {

  private static final String PREFIX = "tck-stack:";
  private static RedisServer server;
  private static String sequences;

  @BeforeAll
  static void startServer() {
    sequences = Fixtures.fewerSequences(300);
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    Fixtures.restoreSequences(sequences);
    Fixtures.closeAll(server);
  }

  @Override
  protected String tierUri() {
    // A long timeout: the contract checks behaviour, not speed (R17 writes 4 MB values).
    return server.uri() + "/0?timeout=5s&keyPrefix=" + PREFIX;
  }

  @Override
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    return TieredCache.builder(codec)
        .clock(clock)
        .defaultTimeout(Duration.ofSeconds(5))
        .tiers("caffeine://?maximumSize=10000&promote=always | " + tierUri())
        .build();
  }
}
