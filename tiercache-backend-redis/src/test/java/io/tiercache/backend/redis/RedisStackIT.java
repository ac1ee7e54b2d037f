package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCache;
import io.tiercache.WritePolicy;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Caffeine over Redis, looked at in both tiers: lifetimes, resurrection, tags. */
@ExtendWith(RedisLogsOnFailure.class)
class RedisStackIT {

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

  private static TieredCache<String> stack(String prefix, WritePolicy policy) {
    return Stacks.builder(server.uri() + "/0?keyPrefix=" + prefix).writePolicy(policy).build();
  }

  private static CacheEntry<String> stored(String redisKey) {
    byte[] bytes = raw.get(redisKey);
    assertThat(bytes).as("bytes under %s", redisKey).isNotNull();
    return EntryFormat.decode(bytes, ValueCodec.utf8());
  }

  @Test
  void anEntryPromotedFromRedisKeepsTheLifetimeRedisHolds() {
    try (TieredCache<String> cache = stack("promote:", WritePolicy.WRITE_AROUND)) {
      cache.putAsync("k", "v", Duration.ofMinutes(7), Duration.ofMinutes(2), Set.of()).join();
      CacheEntry<String> inRedis = stored("promote:e:k");
      CacheEntry<String> first = cache.get("k").join();
      long l1Hits = cache.stats().tier(1).hits();
      CacheEntry<String> fromL1 = cache.get("k").join();
      assertThat(cache.stats().tier(1).hits()).as("the second read is an L1 hit")
          .isEqualTo(l1Hits + 1);
      assertThat(first).isEqualTo(inRedis);
      assertThat(fromL1).as("the promoted copy: same value, expiresAt and staleUntil")
          .isEqualTo(inRedis);
      long pttl = raw.pttl("promote:e:k");
      assertThat(inRedis.staleUntil() - System.currentTimeMillis())
          .as("Redis keeps the entry until its staleUntil").isBetween(pttl - 2_000, pttl + 2_000);
    }
  }

  @Test
  void noReadReturnsAValueOlderThanACompletedPutOrInvalidationInEitherTier() throws Exception {
    int keys = 6;
    int versions = 150;
    try (TieredCache<String> cache = stack("resurrection:", WritePolicy.WRITE_AROUND)) {
      AtomicLongArray floor = new AtomicLongArray(keys);
      AtomicBoolean done = new AtomicBoolean();
      List<String> violations = new CopyOnWriteArrayList<>();
      ExecutorService readers = Executors.newFixedThreadPool(3);
      List<Future<?>> running = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        running.add(readers.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (!done.get()) {
            int i = random.nextInt(keys);
            long before = floor.get(i);
            String value = cache.getIfPresent("hot-" + i);
            if (value != null && Long.parseLong(value) * 2 < before) {
              byte[] inRedis = raw.get("resurrection:e:hot-" + i);
              violations.add("key " + i + ": read v" + value + " after state " + before
                  + " (Redis holds " + (inRedis == null ? "nothing"
                      : "v" + EntryFormat.decode(inRedis, ValueCodec.utf8()).value()) + ")");
            }
          }
          return null;
        }));
      }
      for (long v = 1; v <= versions; v++) {
        for (int i = 0; i < keys; i++) {
          cache.put("hot-" + i, Long.toString(v));
          floor.set(i, v * 2);
          if (v % 5 == 0) {
            cache.invalidate("hot-" + i).join();
            floor.set(i, v * 2 + 1);
            assertThat(raw.exists("resurrection:e:hot-" + i)).as("gone from Redis").isFalse();
          }
        }
      }
      done.set(true);
      for (Future<?> reader : running) {
        reader.get(30, TimeUnit.SECONDS);
      }
      readers.shutdown();
      assertThat(violations).as("reads older than a completed write or invalidation").isEmpty();
      assertThat(cache.stats().tier(1).promotionsIn()).as("promotions raced the writes")
          .isPositive();
      for (int i = 0; i < keys; i++) {
        assertThat(cache.getIfPresent("hot-" + i)).isNull();
      }
    }
  }

  @Test
  void tagsSpanBothTiersAndEachKeyIsCountedOnce() {
    try (TieredCache<String> cache = stack("tags:", WritePolicy.WRITE_AROUND)) {
      Duration ttl = Duration.ofMinutes(5);
      cache.put("low", "1", ttl, Set.of("t"));
      cache.put("both", "2", ttl, Set.of("t", "u"));
      assertThat(cache.getIfPresent("both")).as("promoted into L1").isEqualTo("2");
      assertThat(cache.keysByTag("t").join()).containsExactlyInAnyOrder("low", "both");
      assertThat(cache.tags().join()).contains("t", "u");
      assertThat(cache.invalidateByTag("t").join()).containsExactlyInAnyOrder("low", "both");
      assertThat(raw.exists("tags:e:low")).isFalse();
      assertThat(raw.exists("tags:e:both")).isFalse();
      assertThat(cache.getIfPresent("both")).as("gone from L1 too").isNull();
      assertThat(cache.keysByTag("u").join()).isEmpty();
      assertThat(cache.tags().join()).doesNotContain("t", "u");
    }
  }
}
