package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.BackendRegistry;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.tck.redis.RedisBinary;
import io.tiercache.tck.redis.RedisServer;
import io.tiercache.tck.redis.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The TCK's Redis fixtures themselves: sources, process control, logs, failures. */
class RedisFixturesIT {

  @Test
  void killRestartFreezeAndThawControlTheProcessOnItsPort() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      Assumptions.assumeTrue(server.controllable(), "an external server cannot be controlled");
      int port = server.port();
      server.call("SET", "k", "v");
      server.kill();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(() -> server.call("PING")).isInstanceOf(UncheckedIOException.class);
      server.restart();
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.call("GET", "k")).as("a restarted server starts empty").isNull();
      server.freeze();
      assertThat(pingAnswered(port)).as("a frozen server answers nothing").isFalse();
      server.thaw();
      assertThat(pingAnswered(port)).isTrue();
      server.stop();
      assertThat(server.isRunning()).isFalse();
      server.restart();
      assertThat(server.call("PING")).isEqualTo("PONG");
      assertThat(Files.readString(server.logFile().orElseThrow()))
          .contains("Ready to accept connections")
          .contains("--port " + port);
    }
  }

  private static boolean pingAnswered(int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      socket.setSoTimeout(300);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return in.read() == '+';
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void theBundledBinaryServesATierWithClientTrackingAndTls() {
    RedisBinary bundled = RedisBinary.embedded().orElse(null);
    Assumptions.assumeTrue(bundled != null,
        "com.github.codemonstur:embedded-redis has no binary for this platform");
    assertThat(bundled.source()).isEqualTo(RedisServer.Source.EMBEDDED);
    assertThat(bundled.version()).startsWith("6.2");
    try (RedisServer server = RedisServer.builder().source(RedisServer.Source.EMBEDDED).start()) {
      assertThat(server.source()).isEqualTo(RedisServer.Source.EMBEDDED);
      String uri = server.uri() + "/0?keyPrefix=bundled:&coherence=tracking";
      try (TieredCache<String> a = Stacks.caffeineOver(uri);
          TieredCache<String> b = Stacks.caffeineOver(uri);
          RawRedis raw = RawRedis.of(server)) {
        a.put("k", "v1");
        assertThat(b.getIfPresent("k")).isEqualTo("v1");
        raw.commands().del("bundled:e:k");
        Await.until("B dropping k after another program deleted it", Duration.ofSeconds(10),
            () -> b.getIfPresent("k") == null);
      }
    }
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    RedisServer tls;
    try {
      tls = RedisServer.builder().binary(bundled).tls(certificate).start();
    } catch (IllegalStateException e) {
      Assumptions.abort("the bundled binary cannot serve TLS: " + e.getMessage());
      return;
    }
    try (RedisServer server = tls;
        CacheBackend<String> tier = BackendRegistry.load().open(server.uri()
            + "/0?keyPrefix=bundled-tls:&trustStore=" + certificate.certificatePem(),
            ValueCodec.utf8())) {
      tier.put("k", CacheEntry.of("v", System.currentTimeMillis(), Duration.ofMinutes(1),
          Duration.ZERO, Set.of())).join();
      assertThat(tier.get("k").join()).isNotNull();
    }
  }

  @Test
  void anExternalServerIsUsedAsGivenAndCannotBeControlled() {
    try (RedisServer local = RedisServer.builder().adminPassword("ext-pw").start();
        RedisServer external =
            RedisServer.builder().external("redis://:ext-pw@127.0.0.1:" + local.port()).start()) {
      assertThat(external.source()).isEqualTo(RedisServer.Source.EXTERNAL);
      assertThat(external.controllable()).isFalse();
      assertThat(external.uri()).isEqualTo("redis://:ext-pw@127.0.0.1:" + local.port());
      assertThat(external.call("PING")).isEqualTo("PONG");
      assertThat(external.logTail(5)).contains("external server");
      assertThatThrownBy(external::kill).isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining(RedisServer.EXTERNAL_URI_VARIABLE);
      assertThatThrownBy(external::freeze).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(external::restart).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> RedisServer.builder().external("redis://127.0.0.1:1/0").start())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("no path or query");
    }
  }

  @Test
  void aServerThatCannotStartSaysWhyQuotingItsLog() {
    assertThatThrownBy(() -> RedisServer.builder().config("no-such-directive", "x").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not start")
        .hasMessageContaining("no-such-directive");
  }
}
