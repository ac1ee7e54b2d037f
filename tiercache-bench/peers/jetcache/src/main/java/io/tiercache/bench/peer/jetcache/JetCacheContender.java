package io.tiercache.bench.peer.jetcache;

import com.alicp.jetcache.Cache;
import com.alicp.jetcache.CacheBuilder;
import com.alicp.jetcache.SimpleCacheManager;
import com.alicp.jetcache.anno.CacheType;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.JetCacheCodec;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.BroadcastManager;
import com.alicp.jetcache.template.CacheBuilderTemplate;
import com.alicp.jetcache.template.NotifyMonitorInstaller;
import com.alicp.jetcache.template.QuickConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tiercache.bench.workload.Contender;
import io.tiercache.bench.workload.Dataset;
import io.tiercache.bench.workload.Settings;
import io.tiercache.bench.workload.Versions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JetCache: a two-level cache ({@code CacheType.BOTH}) of a Caffeine local cache bounded to the L1
 * size over Redis through Lettuce, with {@code syncLocal} on (a write publishes on the broadcast
 * channel, and other JVMs drop their local copy), a loader, and JetCache's default value encoder
 * (Java serialization), built without Spring through {@link SimpleCacheManager} as its docs show.
 */
public final class JetCacheContender implements Contender {

  private static final String NAME = "bench:";
  private static final String AREA = "default";

  /** Creates the contender. */
  public JetCacheContender() {}

  @Override
  public String name() {
    return "jetcache";
  }

  @Override
  public String describe() {
    return "JetCache " + Versions.of("com.alicp.jetcache", "jetcache-core")
        + " (CacheType.BOTH: Caffeine local cache over Redis through Lettuce "
        + Versions.of("io.lettuce", "lettuce-core")
        + ", syncLocal on, loader, Java value encoder)";
  }

  @Override
  public Client open(Settings settings) {
    RedisClient redis = RedisClient.create(settings.redisUri());
    SimpleCacheManager preloading = manager(redis, false);
    SimpleCacheManager manager = manager(redis, true);
    BroadcastManager broadcasts =
        ((RedisLettuceCacheBuilder<?>) manager.getCacheBuilderTemplate().getCacheBuilder(1, AREA))
            .createBroadcastManager(manager);
    manager.putBroadcastManager(AREA, broadcasts);
    broadcasts.startSubscribe();
    Cache<String, String> cache =
        manager.getOrCreateCache(
            QuickConfig.newBuilder(NAME)
                .cacheType(CacheType.BOTH)
                .localLimit(settings.l1Size())
                .expire(Duration.ofHours(1))
                .syncLocal(true)
                .loader(key -> settings.database().load((String) key))
                .build());
    return new Client() {
      @Override
      public void preload() {
        // Another manager's cache of the same name: the same Redis keys and encoding, written in
        // batches (JetCache pipelines a PUT_ALL), while the measured cache's local tier stays
        // empty.
        Cache<String, String> writer =
            preloading.getOrCreateCache(
                QuickConfig.newBuilder(NAME)
                    .cacheType(CacheType.BOTH)
                    .localLimit(16)
                    .expire(Duration.ofHours(1))
                    .build());
        Dataset dataset = settings.dataset();
        Map<String, String> batch = new HashMap<>();
        for (int i = 0; i < dataset.size(); i++) {
          batch.put(dataset.key(i), Dataset.value(i));
          if (batch.size() == 1000 || i == dataset.size() - 1) {
            writer.putAll(batch);
            batch.clear();
          }
        }
      }

      @Override
      public @Nullable String get(String key) {
        return cache.get(key);
      }

      @Override
      public void put(String key, String value) {
        cache.put(key, value);
      }

      @Override
      public void close() {
        preloading.close();
        manager.close();
        redis.shutdown();
      }
    };
  }

  private static SimpleCacheManager manager(RedisClient redis, boolean syncLocal) {
    Map<String, CacheBuilder> local = new HashMap<>();
    local.put(AREA, CaffeineCacheBuilder.createCaffeineCacheBuilder());
    Map<String, CacheBuilder> remote = new HashMap<>();
    remote.put(
        AREA,
        RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
            .redisClient(redis)
            .pubSubConnection(syncLocal ? subscriber(redis) : null)
            .broadcastChannel("jetcache-bench"));
    @SuppressWarnings("unchecked") // JetCache's constructor takes a varargs of raw-typed maps
    CacheBuilderTemplate template = new CacheBuilderTemplate(false, local, remote);
    if (syncLocal) {
      template.getCacheMonitorInstallers().add(new NotifyMonitorInstaller(remote::get));
    }
    SimpleCacheManager manager = new SimpleCacheManager();
    manager.setCacheBuilderTemplate(template);
    return manager;
  }

  @SuppressWarnings("unchecked") // JetCacheCodec is a raw RedisCodec of byte arrays
  private static StatefulRedisPubSubConnection<byte[], byte[]> subscriber(RedisClient redis) {
    return redis.connectPubSub(new JetCacheCodec());
  }
}
