package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.BackendRegistry;
import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.backend.redis.internal.SharedResources;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the Redis tier leaves in Redis, and how it behaves around it. */
@ExtendWith(RedisLogsOnFailure.class)
class RedisBackendIT {

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

  private static String prefix() {
    return "it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ":";
  }

  private static CacheBackend<String> open(String prefix, String options, TierEvents events) {
    BackendRegistry registry = BackendRegistry.load();
    String uri = server.uri() + "/0?keyPrefix=" + prefix + (options.isEmpty() ? "" : "&" + options);
    return registry.open(registry.checkTier(uri), ValueCodec.utf8(), TierClock.system(), events);
  }

  private static CacheBackend<String> open(String prefix) {
    return open(prefix, "", TierEvents.NONE);
  }

  private static CacheEntry<String> entry(String value, Duration ttl, String... tags) {
    return CacheEntry.of(value, System.currentTimeMillis(), ttl, Duration.ZERO, Set.of(tags));
  }

  @Test
  void anEntryIsItsFramedBytesUnderThePrefixExpiringAtItsStaleUntil() {
    String prefix = prefix();
    try (CacheBackend<String> tier = open(prefix)) {
      CacheEntry<String> written = CacheEntry.of("v\u00e4lue", System.currentTimeMillis(),
          Duration.ofMinutes(10), Duration.ofMinutes(5), Set.of("t"));
      tier.put("k", written).join();
      byte[] stored = raw.get(prefix + "e:k");
      assertThat(stored).isNotNull();
      assertThat(EntryFormat.decode(stored, ValueCodec.utf8())).isEqualTo(written);
      long ttl = raw.pttl(prefix + "e:k");
      long expected = written.staleUntil() - System.currentTimeMillis();
      assertThat(ttl).as("PTTL of the entry").isBetween(expected - 5_000, expected + 1_000);
      assertThat(raw.pttl(prefix + "k:k")).as("the tag list expires with it")
          .isBetween(expected - 5_000, expected + 1_000);
      assertThat(raw.commands().smembers(prefix + "t:t")).hasSize(1);

      tier.put("forever", new CacheEntry<>("f", CacheEntry.NEVER, CacheEntry.NEVER, Set.of()))
          .join();
      assertThat(raw.pttl(prefix + "e:forever")).as("no expiry").isEqualTo(-1);
      tier.put("forever", entry("short", Duration.ofMinutes(1))).join();
      assertThat(raw.pttl(prefix + "e:forever")).as("an overwrite sets the new expiry")
          .isBetween(50_000L, 60_000L);
    }
  }

  @Test
  void corruptBytesAreReportedRemovedWithTheirIndexAndReadAsMisses() {
    String prefix = prefix();
    List<String> reasons = new CopyOnWriteArrayList<>();
    try (CacheBackend<String> tier = open(prefix, "", new TierEvents() {
      @Override
      public void onCorruptEntry(String key, String reason) {
        reasons.add(key + ": " + reason);
      }
    })) {
      tier.put("k", entry("v", Duration.ofMinutes(5), "t")).join();
      raw.set(prefix + "e:k", "written by another program".getBytes(StandardCharsets.UTF_8));
      assertThat(tier.get("k").join()).isNull();
      assertThat(reasons).singleElement().asString().startsWith("k: not a tiercache entry");
      Await.until("the corrupt key removed", Duration.ofSeconds(5),
          () -> !raw.exists(prefix + "e:k") && !raw.exists(prefix + "k:k"));
      assertThat(tier.keysByTag("t").join()).isEmpty();

      // Bytes of another codec (version) are foreign too.
      byte[] otherCodec = EntryFormat.encode(entry("x", Duration.ofMinutes(5)),
          new ValueCodec<String>() {
            @Override
            public String id() {
              return "utf8";
            }

            @Override
            public int version() {
              return 2;
            }

            @Override
            public byte[] encode(String value) {
              return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
              return new String(bytes, StandardCharsets.UTF_8);
            }
          });
      raw.set(prefix + "e:j", otherCodec);
      assertThat(tier.getAll(List.of("j")).join()).isEmpty();
      assertThat(reasons).hasSize(2).last().asString().contains("another codec or codec version");
    }
  }

  @Test
  void theTagIndexForgetsExpiredEntriesWithoutBeingAsked() {
    String prefix = prefix();
    try (CacheBackend<String> tier = open(prefix)) {
      for (int i = 0; i < 40; i++) {
        tier.put("brief-" + i, entry("b", Duration.ofMillis(200), "shared", "lonely")).join();
      }
      Await.until("the brief entries expiring", Duration.ofSeconds(10),
          () -> raw.commands().exists(prefix + "e:brief-0", prefix + "e:brief-39") == 0);
      // A tag carried only by expired entries: its set expires with them.
      Await.until("the lonely tag's set expiring", Duration.ofSeconds(10),
          () -> !raw.exists(prefix + "t:lonely"));
      // A tag still in use: each tagged write sweeps up to two dead members of its set.
      for (int i = 0; i < 200; i++) {
        tier.put("lasting-" + i, entry("l", Duration.ofMinutes(5), "shared")).join();
      }
      long members = raw.commands().scard(prefix + "t:shared");
      assertThat(members).as("members of the shared tag's set").isLessThan(200 + 10);
      assertThat(tier.keysByTag("shared").join()).hasSize(200);
      assertThat(tier.tags().join()).containsExactly("shared");
      assertThat(raw.commands().smembers(prefix + "tags")).as("registry after tags()")
          .containsExactly("shared".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void scriptsAreSentAgainWhenTheServerForgetsThem() {
    String prefix = prefix();
    try (CacheBackend<String> tier = open(prefix)) {
      tier.put("k", entry("v", Duration.ofMinutes(5), "t")).join();
      raw.commands().scriptFlush();
      tier.put("k2", entry("v2", Duration.ofMinutes(5), "t")).join();
      assertThat(tier.keysByTag("t").join()).containsExactlyInAnyOrder("k", "k2");
      raw.commands().scriptFlush();
      assertThat(tier.invalidateByTag("t").join()).containsExactlyInAnyOrder("k", "k2");
    }
  }

  @Test
  void clearRemovesTheNamespaceOnlyEvenWhenThePrefixHoldsGlobCharacters() {
    String prefix = "glob*?[x]" + prefix();
    try (CacheBackend<String> tier = open(prefix.replace("*", "%2A").replace("?", "%3F")
        .replace("[", "%5B").replace("]", "%5D"))) {
      for (int i = 0; i < 2_500; i++) {
        tier.put("k" + i, entry("v", Duration.ofMinutes(5), "t" + (i % 3))).join();
      }
      String neighbour = "globXYx" + prefix.substring("glob*?[x]".length()) + "e:k1";
      raw.set(neighbour, new byte[] {1});
      raw.set("unrelated", new byte[] {1});
      tier.clear().join();
      assertThat(raw.commands().keys(escape(prefix) + "*")).as("the namespace's keys").isEmpty();
      assertThat(raw.exists(neighbour)).as("a key the unescaped pattern would match").isTrue();
      assertThat(raw.exists("unrelated")).isTrue();
      assertThat(tier.tags().join()).isEmpty();
      raw.commands().del(neighbour, "unrelated");
    }
  }

  private static String escape(String prefix) {
    return KeyLayout.single(prefix).scanPattern().replaceAll("\\*$", "");
  }

  @Test
  void theDatabaseAndTheClientNameComeFromTheUri() {
    String prefix = prefix();
    BackendRegistry registry = BackendRegistry.load();
    String uri = server.uri() + "/3?keyPrefix=" + prefix + "&clientName=orders-cache";
    try (CacheBackend<String> tier = registry.open(uri, ValueCodec.utf8())) {
      tier.put("k", entry("v", Duration.ofMinutes(5))).join();
      assertThat(String.valueOf(server.call("INFO", "keyspace"))).contains("db3:keys=1");
      assertThat(raw.exists(prefix + "e:k")).as("not in database 0").isFalse();
      assertThat(String.valueOf(server.call("CLIENT", "LIST"))).contains("name=orders-cache");
      tier.clear().join();
    }
  }

  @Test
  void anUnreachableServerFailsToOpenNamingTheTierWithoutItsPassword() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    BackendRegistry registry = BackendRegistry.load();
    long start = System.nanoTime();
    assertThatThrownBy(() -> registry.open(
            "redis://:pa55word-x@127.0.0.1:" + port + "/0?connectTimeout=1s", ValueCodec.utf8()))
        .isInstanceOf(TierAccessException.class)
        .hasMessageContaining("redis://:****@127.0.0.1:" + port)
        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("pa55word-x"));
    assertThat(Await.millisSince(start)).isLessThan(5_000.0);
  }

  @Test
  void closingEveryTierReleasesTheSharedClientResources() {
    int before = SharedResources.users();
    CacheBackend<String> first = open(prefix());
    CacheBackend<String> second = open(prefix());
    assertThat(SharedResources.users()).isEqualTo(before + 2);
    first.close();
    second.close();
    second.close();
    assertThat(SharedResources.users()).isEqualTo(before);
    assertThatThrownBy(() -> first.get("k")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void batchesUseOneRoundTripAndReportEachEntry() {
    String prefix = prefix();
    try (CacheBackend<String> tier = open(prefix)) {
      Map<String, CacheEntry<String>> batch = new java.util.LinkedHashMap<>();
      for (int i = 0; i < 500; i++) {
        batch.put("b" + i, entry("v" + i, Duration.ofMinutes(5), "batch"));
      }
      tier.putAll(batch).join();
      Set<String> keys = new HashSet<>(batch.keySet());
      keys.add("missing");
      Map<String, CacheEntry<String>> found = tier.getAll(keys).join();
      assertThat(found).isEqualTo(batch);
      assertThat(tier.invalidateByTag("batch").join()).hasSize(500);
    }
  }

  @Test
  void aFailedOperationIsATierAccessExceptionNotAnEscapingLettuceOne() {
    String prefix = prefix();
    try (CacheBackend<String> tier = open(prefix)) {
      raw.commands().sadd(prefix + "e:wrong-type", new byte[] {1});
      assertThatThrownBy(() -> tier.get("wrong-type").join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(TierAccessException.class)
          .hasMessageContaining("WRONGTYPE");
      raw.commands().del(prefix + "e:wrong-type");
    }
  }

  private static String stackTrace(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
