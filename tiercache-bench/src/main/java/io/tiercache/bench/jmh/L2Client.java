package io.tiercache.bench.jmh;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The contenders of {@link L2HitBenchmark}: clients of one redis-server that read keys it holds.
 */
public enum L2Client {

  /**
   * Raw Lettuce with its defaults: one connection shared by every thread, {@code GET} through
   * the asynchronous API, waited for.
   */
  LETTUCE_ASYNC {
    @Override
    Reader open(String redisUri, List<String> keys) {
      RedisClient client = RedisClient.create(redisUri);
      StatefulRedisConnection<String, String> connection = client.connect();
      RedisAsyncCommands<String, String> async = connection.async();
      List<RedisFuture<String>> writes = new ArrayList<>();
      for (String key : keys) {
        writes.add(async.set(key, value(key)));
      }
      for (RedisFuture<String> write : writes) {
        try {
          write.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("preloading failed", e);
        }
      }
      return new Reader() {
        @Override
        public @Nullable Object get(String key) {
          return async.get(key).toCompletableFuture().join();
        }

        @Override
        public void close() {
          connection.close();
          client.shutdown();
        }
      };
    }
  },

  /**
   * tiercache, {@code caffeine://?maximumSize=10000&promote=never | redis://...}: the L1 never
   * holds the keys, so every read misses it and hits Redis; read with {@code getAsync}, waited
   * for.
   */
  TIERCACHE_ASYNC {
    @Override
    Reader open(String redisUri, List<String> keys) {
      return tiered(redisUri, keys, true);
    }
  },

  /** The same stack, read with {@code get(key, loader)}. */
  TIERCACHE_SYNC {
    @Override
    Reader open(String redisUri, List<String> keys) {
      return tiered(redisUri, keys, false);
    }
  };

  private static final String PREFIX = "jmh:";

  /**
   * Connects, and writes every key in the contender's own format.
   *
   * @param redisUri such as {@code redis://127.0.0.1:6379}
   * @param keys the keys
   * @return the client
   */
  abstract Reader open(String redisUri, List<String> keys);

  static String value(String key) {
    StringBuilder value = new StringBuilder(key).append(':');
    while (value.length() < 100) {
      value.append('x');
    }
    return value.toString();
  }

  private static Reader tiered(String redisUri, List<String> keys, boolean async) {
    String redis = redisUri + "/0?keyPrefix=" + PREFIX;
    // The Redis tier alone, to write the keys: the measured stack's L1 stays empty.
    try (TieredCache<String> writer =
        TieredCache.builder(ValueCodec.utf8()).tiers(redis + "&coherence=none&timeout=30s")
            .build()) {
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (String key : keys) {
        writes.add(writer.putAsync(key, value(key), null, null, Set.of()));
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture<?>[]::new)).join();
    }
    TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .tiers("caffeine://?maximumSize=10000&promote=never | " + redis)
            .build();
    return new Reader() {
      @Override
      public @Nullable Object get(String key) {
        return async ? cache.getAsync(key).join() : cache.get(key, k -> null);
      }

      @Override
      public void close() {
        cache.close();
      }
    };
  }

  /** A connected client. */
  interface Reader extends AutoCloseable {
    @Nullable Object get(String key);

    @Override
    void close();
  }
}
