package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.BackendRegistry;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.tck.redis.RedisCluster;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a three-master cluster the namespace is spread over every master by its hash-tagged shards,
 * tag invalidation gathers keys from every shard, {@code shards=1} keeps a tier in one slot, and
 * pub/sub coherence works across the cluster.
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisClusterIT {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static CacheBackend<String> open(String options) {
    return BackendRegistry.load().open(cluster.uri() + "?" + options, ValueCodec.utf8());
  }

  private static CacheEntry<String> entry(String value, String... tags) {
    return CacheEntry.of(value, System.currentTimeMillis(), Duration.ofMinutes(10),
        Duration.ZERO, Set.of(tags));
  }

  private static Map<RedisServer, Long> keysPerNode() {
    Map<RedisServer, Long> counts = new HashMap<>();
    for (RedisServer node : cluster.nodes()) {
      counts.put(node, (Long) node.call("DBSIZE"));
    }
    return counts;
  }

  @Test
  void shardsSpreadTheNamespaceOverEveryMasterAndTagOperationsGatherEveryShard() {
    try (CacheBackend<String> tier = open("keyPrefix=spread:")) {
      Map<String, CacheEntry<String>> batch = new LinkedHashMap<>();
      for (int i = 0; i < 300; i++) {
        batch.put("key-" + i, entry("v" + i, i % 3 == 0 ? "third" : "other"));
      }
      tier.putAll(batch).join();
      Map<RedisServer, Long> counts = keysPerNode();
      assertThat(counts.values()).as("keys per master %s", counts).allMatch(count -> count > 30);
      assertThat(tier.keysByTag("third").join()).hasSize(100);
      assertThat(tier.tags().join()).contains("third", "other");
      Set<String> removed = tier.invalidateByTag("third").join();
      assertThat(removed).hasSize(100).allMatch(key -> Integer.parseInt(key.substring(4)) % 3 == 0);
      assertThat(tier.getAll(batch.keySet()).join()).hasSize(200);
      tier.clear().join();
      assertThat(keysPerNode().values()).as("clear reaches every master").containsOnly(0L);
    }
  }

  @Test
  void oneShardKeepsTheTierInOneSlotOnOneMaster() {
    try (CacheBackend<String> tier = open("keyPrefix=pinned:&shards=1")) {
      for (int i = 0; i < 50; i++) {
        tier.put("key-" + i, entry("v", "t")).join();
      }
      Map<RedisServer, Long> counts = keysPerNode();
      assertThat(counts.values().stream().filter(count -> count > 0)).as("masters used %s", counts)
          .hasSize(1);
      assertThat(tier.invalidateByTag("t").join()).hasSize(50);
      tier.clear().join();
    }
  }

  @Test
  void pubSubKeepsLocalTiersCoherentAcrossTheCluster() {
    String uri = cluster.uri() + "?keyPrefix=cluster-coherence:";
    try (TieredCache<String> a = Stacks.caffeineOver(uri);
        TieredCache<String> b = Stacks.caffeineOver(uri)) {
      a.put("k", "v1");
      assertThat(b.getIfPresent("k")).isEqualTo("v1");
      a.put("k", "v2");
      Await.until("B dropping its copy", Duration.ofSeconds(10),
          () -> "v2".equals(b.getIfPresent("k")));
      a.clear().join();
    }
  }
}
