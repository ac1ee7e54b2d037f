package io.tiercache.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The contenders of {@link L1HitBenchmark}, one cache each, built the same way: bounded to a
 * number of entries, every entry expiring at its own time (an hour after its write), filled with
 * every key before measuring.
 */
public enum L1Cache {

  /**
   * Raw Caffeine, as a user would build it with per-entry expiry: {@code maximumSize} and an
   * {@link Expiry} that reads each value's own expiry time; read with {@code getIfPresent}.
   */
  CAFFEINE {
    @Override
    Reader open(int size) {
      Cache<String, Expiring> cache =
          Caffeine.newBuilder()
              .maximumSize(size)
              .expireAfter(new PerEntryExpiry())
              .build();
      return new Reader() {
        @Override
        public void put(String key, String value) {
          cache.put(key, new Expiring(value, System.currentTimeMillis() + HOUR_MILLIS));
        }

        @Override
        public @Nullable Object get(String key) {
          Expiring found = cache.getIfPresent(key);
          return found == null ? null : found.value;
        }

        @Override
        public void close() {
          cache.invalidateAll();
        }
      };
    }
  },

  /** tiercache with one tier, {@code caffeine://?maximumSize=<size>}, read with getIfPresent. */
  TIERCACHE {
    @Override
    Reader open(int size) {
      return tiered("caffeine://?maximumSize=" + size, false);
    }
  },

  /** The same, read with {@code get(key, loader)}: the read-through call of most users. */
  TIERCACHE_LOADER {
    @Override
    Reader open(int size) {
      return tiered("caffeine://?maximumSize=" + size, true);
    }
  },

  /**
   * {@code caffeine://?maximumSize=<size> | unbounded://}: an L1 hit in a stack of two tiers, with
   * the default (adaptive) promotion strategy told of every L1 access; read with
   * {@code get(key, loader)}.
   */
  TIERCACHE_TWO_TIERS {
    @Override
    Reader open(int size) {
      return tiered("caffeine://?maximumSize=" + size + " | unbounded://", true);
    }
  };

  static final long HOUR_MILLIS = TimeUnit.HOURS.toMillis(1);

  /**
   * Builds the contender's cache.
   *
   * @param size the number of entries it holds
   * @return the cache, empty
   */
  abstract Reader open(int size);

  private static Reader tiered(String stack, boolean loader) {
    TieredCache<String> cache = TieredCache.builder(ValueCodec.utf8()).tiers(stack).build();
    Function<String, @Nullable String> load = key -> "loaded";
    return new Reader() {
      @Override
      public void put(String key, String value) {
        cache.put(key, value);
      }

      @Override
      public @Nullable Object get(String key) {
        return loader ? cache.get(key, load) : cache.getIfPresent(key);
      }

      @Override
      public long l1Misses() {
        return cache.stats().tier(1).misses();
      }

      @Override
      public void close() {
        cache.close();
      }
    };
  }

  /** A cache under test. */
  interface Reader extends AutoCloseable {
    void put(String key, String value);

    @Nullable Object get(String key);

    /** Returns the L1 misses so far, where the cache counts them; 0 otherwise. */
    default long l1Misses() {
      return 0;
    }

    @Override
    void close();
  }

  /** A value with its own expiry time, as tiercache's entries carry one. */
  static final class Expiring {
    final String value;
    final long expiresAtMillis;

    Expiring(String value, long expiresAtMillis) {
      this.value = value;
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  /** Each entry lives until its own expiry time; reads do not extend it. */
  static final class PerEntryExpiry implements Expiry<String, Expiring> {
    @Override
    public long expireAfterCreate(String key, Expiring value, long currentTime) {
      return TimeUnit.MILLISECONDS.toNanos(
          Math.max(0, value.expiresAtMillis - System.currentTimeMillis()));
    }

    @Override
    public long expireAfterUpdate(
        String key, Expiring value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, Expiring value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
