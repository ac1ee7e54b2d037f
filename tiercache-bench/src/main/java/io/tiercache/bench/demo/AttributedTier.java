package io.tiercache.bench.demo;

import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.InvalidationBus;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A tier that tells its {@link TierAttribution} of every hit and otherwise does exactly what the
 * tier it wraps does. Owns the wrapped tier.
 *
 * @param <V> the value type
 */
class AttributedTier<V> implements CacheBackend<V> {

  private final CacheBackend<V> delegate;

  /** The tier's index in its stack, 0 for L1. */
  final int tier;

  /** Where hits are reported. */
  final TierAttribution attribution;

  /**
   * Wraps a tier.
   *
   * @param delegate the open tier
   * @param tier its index, 0 for L1
   * @param attribution where hits are reported
   */
  AttributedTier(CacheBackend<V> delegate, int tier, TierAttribution attribution) {
    this.delegate = delegate;
    this.tier = tier;
    this.attribution = attribution;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public BackendCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    // Captured here, on the thread that starts the read; the future may complete elsewhere.
    ReadProbe caller = ReadProbe.current();
    return delegate
        .get(key)
        .thenApply(
            entry -> {
              if (entry != null) {
                attribution.hit(tier, key, caller);
              }
              return entry;
            });
  }

  @Override
  public CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    return delegate.put(key, entry);
  }

  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> entries) {
    return delegate.putAll(entries);
  }

  @Override
  public CompletableFuture<Boolean> invalidate(String key) {
    return delegate.invalidate(key);
  }

  @Override
  public CompletableFuture<Set<String>> invalidateByTag(String tag) {
    return delegate.invalidateByTag(tag);
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    return delegate.keysByTag(tag);
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    return delegate.tags();
  }

  @Override
  public CompletableFuture<Void> clear() {
    return delegate.clear();
  }

  @Override
  public Optional<InvalidationBus> invalidationBus() {
    return delegate.invalidationBus();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
