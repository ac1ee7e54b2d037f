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

/**
 * An ACL user allowed only the tier's namespace ({@code ~tck-acl:*}, channels
 * {@code &tck-acl:*}) passes the whole backend contract: every command and every key a script
 * touches stays inside the namespace. The default user is password-protected, so nothing works
 * without the user's credentials from the URI. R29 runs 300 sequences (the standalone run, the
 * full 1,000).
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisAclContractIT extends BackendContract {

  static final String PREFIX = "tck-acl:";
  static final String USER = "tier-user";
  static final String PASSWORD = "s3cret-tier-pass";
  private static RedisServer server;
  private static String sequences;
  private static RawRedis raw;

  @BeforeAll
  static void startServer() {
    sequences = Fixtures.fewerSequences(300);
    server = Fixtures.aclServer(USER, PASSWORD, PREFIX);
    raw = RawRedis.of(server, USER, PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    Fixtures.restoreSequences(sequences);
    Fixtures.closeAll(raw, server);
  }

  @Override
  protected String tierUri() {
    // A long timeout: the contract checks behaviour, not speed (R17 writes 4 MB values).
    return "redis://" + USER + ":" + PASSWORD + "@" + server.host() + ":" + server.port()
        + "/0?timeout=5s&keyPrefix=" + PREFIX;
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    raw.set(KeyLayout.single(PREFIX).entryKey(key),
        "not a tiercache entry".getBytes(StandardCharsets.UTF_8));
  }
}
