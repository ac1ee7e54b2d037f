package io.tiercache.bench.peers;

import io.tiercache.CacheStats;
import io.tiercache.TierStats;
import io.tiercache.TieredCache;
import io.tiercache.bench.workload.Contender;
import io.tiercache.bench.workload.Dataset;
import io.tiercache.bench.workload.Settings;
import io.tiercache.codec.ValueCodec;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * tiercache: {@code caffeine://?maximumSize=<L1 size> | redis://<host>:<port>/0?keyPrefix=bench:}
 * with every default (write-through, the adaptive promotion, pub/sub coherence, a 500 ms timeout),
 * read with {@link TieredCache#get(String, java.util.function.Function)} and written with
 * {@link TieredCache#put(String, Object)}.
 */
public final class TierCacheContender implements Contender {

  /** The key prefix of the benchmark's entries in Redis. */
  static final String KEY_PREFIX = "bench:";

  /** Creates the contender. */
  public TierCacheContender() {}

  @Override
  public String name() {
    return "tiercache";
  }

  @Override
  public String describe() {
    return "tiercache " + version() + " (" + stack("<host>:<port>", "<L1 size>")
        + "; defaults: write-through, adaptive promotion, pub/sub coherence)";
  }

  static String stack(String redis, Object l1Size) {
    return "caffeine://?maximumSize=" + l1Size + " | redis://" + redis + "/0?keyPrefix="
        + KEY_PREFIX;
  }

  private static String version() {
    String version = TieredCache.class.getPackage().getImplementationVersion();
    return version == null ? "(this build)" : version;
  }

  @Override
  public Client open(Settings settings) {
    String redis = settings.redisHost() + ":" + settings.redisPort();
    TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8()).tiers(stack(redis, settings.l1Size())).build();
    return new Client() {
      @Override
      public void preload() {
        // A stack of the Redis tier alone, with the same prefix: the same entries, and the
        // measured cache's L1 stays empty. Writes are pipelined, 512 at a time, with a timeout
        // long enough for a cold JVM.
        try (TieredCache<String> writer =
            TieredCache.builder(ValueCodec.utf8())
                .tiers("redis://" + redis + "/0?keyPrefix=" + KEY_PREFIX + "&coherence=none&timeout=30s")
                .build()) {
          Semaphore window = new Semaphore(512);
          AtomicReference<Throwable> failure = new AtomicReference<>();
          Dataset dataset = settings.dataset();
          for (int i = 0; i < dataset.size() && failure.get() == null; i++) {
            window.acquireUninterruptibly();
            CompletableFuture<Void> written =
                writer.putAsync(dataset.key(i), Dataset.value(i), null, null, java.util.Set.of());
            written.whenComplete(
                (ignored, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                  window.release();
                });
          }
          window.acquireUninterruptibly(512);
          if (failure.get() != null) {
            throw new IllegalStateException("preloading failed", failure.get());
          }
        }
      }

      @Override
      public @Nullable String get(String key) {
        return cache.get(key, k -> settings.database().load(k));
      }

      @Override
      public void put(String key, String value) {
        cache.put(key, value);
      }

      @Override
      public String stats() {
        CacheStats stats = cache.stats();
        TierStats l1 = stats.tier(1);
        TierStats l2 = stats.tier(2);
        return String.format(Locale.ROOT,
            "L1 hit ratio %.4f over the run (%d hits, %d misses, %d promotions in); L2 %d hits,"
                + " %d misses, %d timeouts; %s",
            l1.hitRatio(), l1.hits(), l1.misses(), l1.promotionsIn(), l2.hits(), l2.misses(),
            l2.timeouts(), cache.promotionStrategy(1).map(Object::toString).orElse(""));
      }

      @Override
      public void close() {
        cache.close();
      }
    };
  }
}
