package io.tiercache.bench.demo;

import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-process tier that tells its {@link TierAttribution} of every hit. It stays a
 * {@link LocalCacheBackend}, so the core reads it synchronously on the caller's thread, as it
 * would the tier it wraps.
 *
 * @param <V> the value type
 */
final class AttributedLocalTier<V> extends AttributedTier<V> implements LocalCacheBackend<V> {

  private final LocalCacheBackend<V> local;

  /**
   * Wraps an in-process tier.
   *
   * @param delegate the open tier
   * @param tier its index, 0 for L1
   * @param attribution where hits are reported
   */
  AttributedLocalTier(LocalCacheBackend<V> delegate, int tier, TierAttribution attribution) {
    super(delegate, tier, attribution);
    this.local = delegate;
  }

  @Override
  public @Nullable CacheEntry<V> getSync(String key) {
    return attributed(key, local.getSync(key));
  }

  @Override
  public @Nullable CacheEntry<V> getSync(String key, long nowMillis) {
    return attributed(key, local.getSync(key, nowMillis));
  }

  private @Nullable CacheEntry<V> attributed(String key, @Nullable CacheEntry<V> entry) {
    if (entry != null) {
      attribution.hit(tier, key, ReadProbe.current());
    }
    return entry;
  }

  @Override
  public void putSync(String key, CacheEntry<V> entry) {
    local.putSync(key, entry);
  }

  @Override
  public boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    return local.putSyncIf(key, entry, condition);
  }

  @Override
  public boolean invalidateSync(String key) {
    return local.invalidateSync(key);
  }

  @Override
  public void clearSync() {
    local.clearSync();
  }

  @Override
  public Set<String> invalidateByTagSync(String tag) {
    return local.invalidateByTagSync(tag);
  }
}
