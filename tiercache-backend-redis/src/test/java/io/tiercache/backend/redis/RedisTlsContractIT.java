package io.tiercache.backend.redis;

import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import io.tiercache.tck.redis.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A TLS-only redis-server, with a certificate made in the test and checked in full (chain and
 * host name 127.0.0.1) through a PEM trust store, passes the whole backend contract (R29 with
 * 300 sequences: the standalone run does the full 1,000 over the same scripts).
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisTlsContractIT extends BackendContract {

  private static final String PREFIX = "tck-tls:";
  private static RedisServer server;
  private static String sequences;
  private static RawRedis raw;

  @BeforeAll
  static void startServer() {
    sequences = Fixtures.fewerSequences(300);
    server = Fixtures.tlsServer();
    raw = RawRedis.of(server);
  }

  @AfterAll
  static void stopServer() {
    Fixtures.restoreSequences(sequences);
    Fixtures.closeAll(raw, server);
  }

  @Override
  protected String tierUri() {
    // A long timeout: the contract checks behaviour, not speed (R17 writes 4 MB values).
    SelfSignedCertificate certificate = server.certificate().orElseThrow();
    return server.uri() + "/0?timeout=5s&keyPrefix=" + PREFIX + "&trustStore="
        + certificate.certificatePem();
  }

  @Override
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    raw.set(KeyLayout.single(PREFIX).entryKey(key),
        "not a tiercache entry".getBytes(StandardCharsets.UTF_8));
  }
}
