package io.tiercache.backend.ehcache.internal;

import java.util.Map;
import org.ehcache.Cache;
import org.ehcache.spi.resilience.ResilienceStrategy;
import org.ehcache.spi.resilience.StoreAccessException;

/**
 * Ehcache's resilience strategy for tiercache's caches: every failure of the store is thrown as
 * a {@link StoreFailure}. Ehcache's default strategy swallows failures, removing the key and
 * answering a miss; but the tier must know when a write did not happen, or its tag index would
 * list a key whose entry is not stored.
 *
 * <p>Stateless and safe for concurrent use.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class FailFastResilience<K, V> implements ResilienceStrategy<K, V> {

  /** Creates the strategy. */
  public FailFastResilience() {}

  @Override
  public V getFailure(K key, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public boolean containsKeyFailure(K key, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public void putFailure(K key, V value, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public void removeFailure(K key, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public void clearFailure(StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public Cache.Entry<K, V> iteratorFailure(StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public V putIfAbsentFailure(K key, V value, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public boolean removeFailure(K key, V value, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public V replaceFailure(K key, V value, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public boolean replaceFailure(K key, V value, V newValue, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public Map<K, V> getAllFailure(Iterable<? extends K> keys, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public void putAllFailure(Map<? extends K, ? extends V> entries, StoreAccessException e) {
    throw new StoreFailure(e);
  }

  @Override
  public void removeAllFailure(Iterable<? extends K> keys, StoreAccessException e) {
    throw new StoreFailure(e);
  }
}
