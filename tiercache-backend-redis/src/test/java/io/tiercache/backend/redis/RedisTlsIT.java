package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierAccessException;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import io.tiercache.tck.redis.SelfSignedCertificate;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How {@code rediss://} tiers check the server's certificate. */
@ExtendWith(RedisLogsOnFailure.class)
class RedisTlsIT {

  private static RedisServer server;
  private static SelfSignedCertificate certificate;

  @BeforeAll
  static void startServer() {
    server = Fixtures.tlsServer();
    certificate = server.certificate().orElseThrow();
  }

  @AfterAll
  static void stopServer() {
    Fixtures.closeAll(server);
  }

  private static void works(String uri) {
    try (CacheBackend<String> tier = BackendRegistry.load().open(uri, ValueCodec.utf8())) {
      tier.put("k", CacheEntry.of("v", System.currentTimeMillis(), Duration.ofMinutes(1),
          Duration.ZERO, Set.of())).join();
      assertThat(tier.get("k").join()).isNotNull();
      tier.clear().join();
    }
  }

  @Test
  void aPemTrustStoreAndFullVerificationConnect() {
    works(server.uri() + "/0?keyPrefix=tls-pem:&trustStore=" + certificate.certificatePem());
    works("rediss://localhost:" + server.port() + "/0?keyPrefix=tls-name:&trustStore="
        + certificate.certificatePem());
  }

  @Test
  void aPkcs12TrustStoreWithItsPasswordConnects(@TempDir Path dir) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("server", certificate.certificate());
    Path file = dir.resolve("trust.p12");
    try (OutputStream out = new FileOutputStream(file.toFile())) {
      store.store(out, "changeit".toCharArray());
    }
    works(server.uri() + "/0?keyPrefix=tls-p12:&trustStore=" + file
        + "&trustStorePassword=changeit");
  }

  @Test
  void anUntrustedCertificateIsRefusedUnlessVerificationIsOff() {
    String untrusted = server.uri() + "/0?keyPrefix=tls-untrusted:&connectTimeout=3s";
    assertThatThrownBy(() -> BackendRegistry.load().open(untrusted, ValueCodec.utf8()))
        .isInstanceOf(TierAccessException.class)
        .hasMessageContaining("connecting to rediss://");
    works(untrusted + "&verifyPeer=none");
  }
}
