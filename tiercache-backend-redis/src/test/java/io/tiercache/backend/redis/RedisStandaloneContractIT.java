package io.tiercache.backend.redis;

import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** A standalone redis-server passes the whole backend contract, R21 included. */
@ExtendWith(RedisLogsOnFailure.class)
class RedisStandaloneContractIT extends BackendContract {

  private static final String PREFIX = "tck-standalone:";
  private static RedisServer server;
  private static RawRedis raw;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
    raw = RawRedis.of(server);
  }

  @AfterAll
  static void stopServer() {
    Fixtures.closeAll(raw, server);
  }

  @Override
  protected String tierUri() {
    // A long timeout: the contract checks behaviour, not speed (R17 writes 4 MB values).
    return server.uri() + "/0?timeout=5s&keyPrefix=" + PREFIX;
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    raw.set(KeyLayout.single(PREFIX).entryKey(key),
        "not a tiercache entry".getBytes(StandardCharsets.UTF_8));
  }
}
