package io.tiercache.tck.memory;

import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MemoryBackend} seen only through {@link CacheBackend}, as a remote tier would be
 * ({@code memory://?local=false}), so that the rules for local tiers are skipped.
 *
 * @param <V> the value type
 */
final class AsyncOnlyBackend<V> implements CacheBackend<V> {

  private final MemoryBackend<V> delegate;

  AsyncOnlyBackend(MemoryBackend<V> delegate) {
    this.delegate = delegate;
  }

  MemoryBackend<V> delegate() {
    return delegate;
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
    return delegate.get(key);
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
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "AsyncOnly" + delegate;
  }
}
