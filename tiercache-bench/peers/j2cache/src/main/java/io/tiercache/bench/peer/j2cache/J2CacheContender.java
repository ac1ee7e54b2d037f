package io.tiercache.bench.peer.j2cache;

import io.tiercache.bench.workload.Contender;
import io.tiercache.bench.workload.Dataset;
import io.tiercache.bench.workload.Settings;
import io.tiercache.bench.workload.Versions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import net.oschina.j2cache.CacheChannel;
import net.oschina.j2cache.CacheObject;
import net.oschina.j2cache.J2CacheBuilder;
import net.oschina.j2cache.J2CacheConfig;
import net.oschina.j2cache.Level2Cache;
import org.jspecify.annotations.Nullable;

/**
 * J2Cache: a Caffeine level 1 (a region of the L1 size, one hour) over Redis through Jedis
 * ({@code redis.storage = generic}: a Redis string per key), invalidations broadcast on a Redis
 * channel, the shipped serializer ({@code json}), and a loader through
 * {@code CacheChannel.get(region, key, loader)}. The Jedis pool holds up to 100 connections, keeps
 * them idle rather than closing them, and does not test them on borrow (the shipped
 * {@code j2cache.properties} pings each borrowed connection, which would add a round trip to every
 * read).
 */
public final class J2CacheContender implements Contender {

  private static final String REGION = "bench";

  /** Creates the contender. */
  public J2CacheContender() {}

  @Override
  public String name() {
    return "j2cache";
  }

  @Override
  public String describe() {
    return "J2Cache " + Versions.of("net.oschina.j2cache", "j2cache-core")
        + " (Caffeine L1 over Redis through Jedis " + Versions.of("redis.clients", "jedis") + ", generic storage, Redis broadcast, json"
        + " serialization, loader)";
  }

  @Override
  public Client open(Settings settings) {
    Properties properties = new Properties();
    properties.setProperty("j2cache.broadcast", "redis");
    properties.setProperty("j2cache.L1.provider_class", "caffeine");
    properties.setProperty("j2cache.L2.provider_class", "redis");
    properties.setProperty("j2cache.sync_ttl_to_redis", "true");
    properties.setProperty("j2cache.default_cache_null_object", "false");
    properties.setProperty("j2cache.serialization", "json");
    properties.setProperty("caffeine.region." + REGION, settings.l1Size() + ", 1h");
    properties.setProperty("redis.mode", "single");
    properties.setProperty("redis.storage", "generic");
    properties.setProperty("redis.channel", "j2cache-bench");
    properties.setProperty("redis.hosts", settings.redisHost() + ":" + settings.redisPort());
    properties.setProperty("redis.timeout", "2000");
    properties.setProperty("redis.database", "0");
    properties.setProperty("redis.maxTotal", "100");
    properties.setProperty("redis.maxIdle", "100");
    properties.setProperty("redis.minIdle", "1");
    properties.setProperty("redis.testOnBorrow", "false");
    properties.setProperty("redis.blockWhenExhausted", "true");
    J2CacheBuilder builder = J2CacheBuilder.init(J2CacheConfig.initFromConfig(properties));
    CacheChannel channel = builder.getChannel();
    return new Client() {
      @Override
      public void preload() {
        // Straight into level 2: level 1 stays empty.
        Level2Cache redis =
            (Level2Cache) channel.getL2Provider().buildCache(REGION, (region, key) -> { });
        Dataset dataset = settings.dataset();
        Map<String, Object> batch = new HashMap<>();
        for (int i = 0; i < dataset.size(); i++) {
          batch.put(dataset.key(i), Dataset.value(i));
          if (batch.size() == 1000 || i == dataset.size() - 1) {
            redis.put(batch);
            batch.clear();
          }
        }
      }

      @Override
      public @Nullable String get(String key) {
        CacheObject found = channel.get(REGION, key, k -> settings.database().load(k));
        Object value = found == null ? null : found.getValue();
        return value == null ? null : value.toString();
      }

      @Override
      public void put(String key, String value) {
        channel.set(REGION, key, value);
      }

      @Override
      public void close() {
        builder.close();
      }
    };
  }
}
