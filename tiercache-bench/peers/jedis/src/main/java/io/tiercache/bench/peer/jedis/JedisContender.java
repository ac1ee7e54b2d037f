package io.tiercache.bench.peer.jedis;

import io.tiercache.bench.workload.Contender;
import io.tiercache.bench.workload.Dataset;
import io.tiercache.bench.workload.Settings;
import io.tiercache.bench.workload.Versions;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/**
 * Redis alone through Jedis: every read is a {@code GET} on a pooled connection of a
 * {@link RedisClient} (Jedis 7's replacement of {@code JedisPool}; one connection per client
 * thread), a miss loads from the database and {@code SET}s the value; a write is a {@code SET}.
 */
public final class JedisContender implements Contender {

  /** Creates the contender. */
  public JedisContender() {}

  @Override
  public String name() {
    return "jedis";
  }

  @Override
  public String describe() {
    return "Redis alone through Jedis " + Versions.of("redis.clients", "jedis")
        + " (RedisClient, pooled: a connection per thread, GET / SET)";
  }

  @Override
  public Client open(Settings settings) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(128);
    pool.setMaxIdle(128);
    pool.setJmxEnabled(false);
    RedisClient redis =
        RedisClient.builder()
            .hostAndPort(settings.redisHost(), settings.redisPort())
            .poolConfig(pool)
            .build();
    return new Client() {
      @Override
      public void preload() {
        Dataset dataset = settings.dataset();
        try (Pipeline pipeline = redis.pipelined()) {
          for (int i = 0; i < dataset.size(); i++) {
            pipeline.set(dataset.key(i), Dataset.value(i));
            if (i % 1000 == 999) {
              pipeline.sync();
            }
          }
          pipeline.sync();
        }
      }

      @Override
      public @Nullable String get(String key) {
        String value = redis.get(key);
        if (value == null) {
          value = settings.database().load(key);
          if (value != null) {
            redis.set(key, value);
          }
        }
        return value;
      }

      @Override
      public void put(String key, String value) {
        redis.set(key, value);
      }

      @Override
      public void close() {
        redis.close();
      }
    };
  }
}
