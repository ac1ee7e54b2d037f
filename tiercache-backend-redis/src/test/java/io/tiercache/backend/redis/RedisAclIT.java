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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Credentials from the URI's user information, and what the server's ACL makes of them. */
@ExtendWith(RedisLogsOnFailure.class)
class RedisAclIT {

  private static final String USER = "acl-it-user";
  private static final String PASSWORD = "acl-it-s3cret";
  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = Fixtures.aclServer(USER, PASSWORD, "allowed:");
  }

  @AfterAll
  static void stopServer() {
    Fixtures.closeAll(server);
  }

  private static String address() {
    return server.host() + ":" + server.port();
  }

  private static CacheEntry<String> entry() {
    return CacheEntry.of("v", System.currentTimeMillis(), Duration.ofMinutes(1), Duration.ZERO,
        Set.of("t"));
  }

  @Test
  void aUserAndPasswordOpenATierThatWorksInsideItsNamespace() {
    String uri = "redis://" + USER + ":" + PASSWORD + "@" + address()
        + "/0?keyPrefix=allowed:&coherence=tracking";
    try (CacheBackend<String> tier = BackendRegistry.load().open(uri, ValueCodec.utf8())) {
      tier.put("k", entry()).join();
      assertThat(tier.get("k").join()).isNotNull();
      assertThat(tier.invalidateByTag("t").join()).containsExactly("k");
      assertThat(tier.toString()).contains(USER).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aPasswordAloneAuthenticatesAsTheDefaultUser() {
    String uri = "redis://:" + Fixtures.ADMIN_PASSWORD + "@" + address() + "/0?keyPrefix=dflt:";
    try (CacheBackend<String> tier = BackendRegistry.load().open(uri, ValueCodec.utf8())) {
      tier.put("k", entry()).join();
      assertThat(tier.get("k").join()).isNotNull();
      tier.clear().join();
    }
  }

  @Test
  void aWrongPasswordFailsToOpenWithoutShowingThePassword() {
    String wrong = "not-the-password-9";
    String uri = "redis://" + USER + ":" + wrong + "@" + address() + "/0?keyPrefix=allowed:";
    assertThatThrownBy(() -> BackendRegistry.load().open(uri, ValueCodec.utf8()))
        .isInstanceOf(TierAccessException.class)
        .hasMessageContaining("redis://" + USER + ":****@")
        .satisfies(e -> assertThat(stackTrace(e)).contains("WRONGPASS").doesNotContain(wrong));
  }

  @Test
  void keysOutsideTheUsersPatternsAreRefusedAsFailedOperations() {
    String uri = "redis://" + USER + ":" + PASSWORD + "@" + address()
        + "/0?keyPrefix=forbidden:&coherence=none";
    try (CacheBackend<String> tier = BackendRegistry.load().open(uri, ValueCodec.utf8())) {
      assertThatThrownBy(() -> tier.put("k", entry()).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(TierAccessException.class)
          .hasMessageContaining("NOPERM");
    }
  }

  private static String stackTrace(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
