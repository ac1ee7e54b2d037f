package io.tiercache.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-process tier, whose operations complete on the caller's thread. The tiered core calls the
 * synchronous methods directly, so that an L1 hit costs no future and no thread hop; the
 * asynchronous methods of {@link CacheBackend} are derived from them.
 *
 * @param <V> the value type
 */
public interface LocalCacheBackend<V> extends CacheBackend<V> {

  /**
   * Reads an entry on the calling thread. Must not allocate a future.
   *
   * @param key the key
   * @return the entry, or {@code null} if absent or gone
   */
  @Nullable CacheEntry<V> getSync(String key);

  /**
   * Reads an entry on the calling thread at a time the caller has already read from the tier's
   * clock, so that a stack reading several tiers reads the clock once. Must not allocate a future.
   * The default reads with {@link #getSync(String)} and drops an entry gone at {@code nowMillis};
   * a backend that checks expiry itself overrides it to use {@code nowMillis} instead of reading
   * its clock again.
   *
   * @param key the key
   * @param nowMillis the current time of the tier's clock, in milliseconds
   * @return the entry, or {@code null} if absent or gone at {@code nowMillis}
   */
  default @Nullable CacheEntry<V> getSync(String key, long nowMillis) {
    CacheEntry<V> entry = getSync(key);
    return entry == null || entry.isGone(nowMillis) ? null : entry;
  }

  /**
   * Writes an entry on the calling thread, with the semantics of {@link #put}.
   *
   * @param key the key
   * @param entry the entry
   */
  void putSync(String key, CacheEntry<V> entry);

  /**
   * Writes an entry only if a condition holds, deciding and writing atomically with respect to
   * every other write and removal of the same key. The tiered core uses it to promote an entry
   * only while no newer write or invalidation of the key has happened, so that a late promotion
   * cannot bring back an invalidated value.
   *
   * @param key the key
   * @param entry the entry
   * @param condition evaluated once, under the key's lock; must be fast and must not touch this
   *     tier
   * @return {@code true} if the condition held and the entry was written
   */
  boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition);

  /**
   * Removes an entry on the calling thread.
   *
   * @param key the key
   * @return {@code true} if an entry was removed
   */
  boolean invalidateSync(String key);

  /** Removes every entry on the calling thread. */
  void clearSync();

  @Override
  default CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    return CompletableFuture.completedFuture(getSync(key));
  }

  /**
   * Reads several entries on the calling thread, one {@link #getSync(String)} per key, with no
   * future per key.
   *
   * @param keys the keys
   * @return a completed future of the entries found, by key; absent keys are left out
   */
  @Override
  default CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    for (String key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
    }
    Map<String, CacheEntry<V>> found = new LinkedHashMap<>();
    for (String key : keys) {
      CacheEntry<V> entry = getSync(key);
      if (entry != null) {
        found.put(key, entry);
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  default CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    putSync(key, entry);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  default CompletableFuture<Boolean> invalidate(String key) {
    return CompletableFuture.completedFuture(invalidateSync(key));
  }

  @Override
  default CompletableFuture<Void> clear() {
    clearSync();
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Removes every entry that carries a tag, on the calling thread.
   *
   * @param tag the tag
   * @return the distinct keys removed
   */
  Set<String> invalidateByTagSync(String tag);

  @Override
  default CompletableFuture<Set<String>> invalidateByTag(String tag) {
    return CompletableFuture.completedFuture(invalidateByTagSync(tag));
  }
}
