package io.tiercache.bench.peer.redisson;

import io.tiercache.bench.workload.Contender;
import io.tiercache.bench.workload.Dataset;
import io.tiercache.bench.workload.Settings;
import io.tiercache.bench.workload.Versions;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.map.MapLoader;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Redisson's {@link RLocalCachedMap}: a Redis hash with a Caffeine local cache bounded to the L1
 * size by LRU, invalidation messages on writes (the default sync strategy), a {@link MapLoader}
 * for misses, and the string codec (100-byte values stay 100 bytes in Redis). Writes are
 * {@code fastPut}, the write that does not fetch the old value.
 */
public final class RedissonContender implements Contender {

  private static final String MAP = "bench";

  /** Creates the contender. */
  public RedissonContender() {}

  @Override
  public String name() {
    return "redisson";
  }

  @Override
  public String describe() {
    return "Redisson " + Versions.of("org.redisson", "redisson")
        + " (RLocalCachedMap: Caffeine local cache, LRU bound, invalidate on write, MapLoader,"
        + " StringCodec)";
  }

  @Override
  public Client open(Settings settings) {
    Config config = new Config();
    config.useSingleServer().setAddress(settings.redisUri());
    RedissonClient redisson = Redisson.create(config);
    MapLoader<String, String> loader =
        new MapLoader<>() {
          @Override
          public @Nullable String load(String key) {
            return settings.database().load(key);
          }

          @Override
          public Iterable<String> loadAllKeys() {
            return java.util.List.of();
          }
        };
    RLocalCachedMap<String, String> map =
        redisson.getLocalCachedMap(
            LocalCachedMapOptions.<String, String>name(MAP)
                .codec(StringCodec.INSTANCE)
                .cacheProvider(LocalCachedMapOptions.CacheProvider.CAFFEINE)
                .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                .cacheSize(settings.l1Size())
                .loader(loader));
    return new Client() {
      @Override
      public void preload() {
        // The plain map over the same hash: the local cache stays empty.
        RMap<String, String> plain = redisson.getMap(MAP, StringCodec.INSTANCE);
        Dataset dataset = settings.dataset();
        Map<String, String> batch = new HashMap<>();
        for (int i = 0; i < dataset.size(); i++) {
          batch.put(dataset.key(i), Dataset.value(i));
          if (batch.size() == 1000 || i == dataset.size() - 1) {
            plain.putAll(batch);
            batch.clear();
          }
        }
      }

      @Override
      public @Nullable String get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, String value) {
        map.fastPut(key, value);
      }

      @Override
      public void close() {
        map.destroy();
        redisson.shutdown();
      }
    };
  }
}
