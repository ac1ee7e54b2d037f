package io.tiercache.testing;

import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-process tier for core tests: an unbounded map that honours the clock, indexes tags by
 * scanning, and can optionally evict on demand. Its operations are atomic per key.
 *
 * @param <V> the value type
 */
public final class MapTier<V> implements LocalCacheBackend<V> {

  private final String name;
  private final TierClock clock;
  private final ConcurrentHashMap<String, CacheEntry<V>> map = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final BackendCapabilities capabilities;
  private final TierEvents events;
  /** Runs inside every conditional put, under the key's lock, before the condition: a gate. */
  private volatile @Nullable Runnable beforeConditionalPut;
  /** Runs after every synchronous read, with the key, before the read returns. */
  private volatile @Nullable Consumer<String> afterGet;

  public MapTier(String name, TierClock clock) {
    this(name, clock, BackendCapabilities.inProcess().tags(true).build());
  }

  public MapTier(String name, TierClock clock, BackendCapabilities capabilities) {
    this(name, clock, capabilities, TierEvents.NONE);
  }

  public MapTier(
      String name, TierClock clock, BackendCapabilities capabilities, TierEvents events) {
    this.name = name;
    this.clock = clock;
    this.capabilities = capabilities;
    this.events = events;
  }

  /** Returns where this tier reports its events (its context's, when opened by a provider). */
  public TierEvents events() {
    return events;
  }

  /** Sets code to run inside each {@link #putSyncIf}, before the condition is evaluated. */
  public void beforeConditionalPut(@Nullable Runnable hook) {
    this.beforeConditionalPut = hook;
  }

  /** Sets code to run after each {@link #getSync}, before it returns. */
  public void afterGet(@Nullable Consumer<String> hook) {
    this.afterGet = hook;
  }

  /** Returns the raw stored entry, ignoring expiry. */
  public @Nullable CacheEntry<V> raw(String key) {
    return map.get(key);
  }

  /** Evicts a key as a store would for room. */
  public void evict(String key) {
    map.remove(key);
  }

  public int size() {
    return map.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public @Nullable CacheEntry<V> getSync(String key) {
    open();
    CacheEntry<V> entry = map.get(Objects.requireNonNull(key, "key must not be null"));
    Consumer<String> hook = afterGet;
    if (hook != null) {
      hook.accept(key);
    }
    return entry == null || entry.isGone(clock.millis()) ? null : entry;
  }

  @Override
  public void putSync(String key, CacheEntry<V> entry) {
    open();
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    if (entry.isGone(clock.millis())) {
      map.remove(key);
    } else {
      map.put(key, entry);
    }
  }

  @Override
  public boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    open();
    boolean[] written = new boolean[1];
    map.compute(
        key,
        (k, old) -> {
          Runnable hook = beforeConditionalPut;
          if (hook != null) {
            hook.run();
          }
          if (!condition.getAsBoolean()) {
            return old;
          }
          written[0] = true;
          return entry.isGone(clock.millis()) ? null : entry;
        });
    return written[0];
  }

  @Override
  public boolean invalidateSync(String key) {
    open();
    return map.remove(key) != null;
  }

  @Override
  public void clearSync() {
    open();
    map.clear();
  }

  @Override
  public Set<String> invalidateByTagSync(String tag) {
    open();
    Set<String> removed = new HashSet<>();
    for (Map.Entry<String, CacheEntry<V>> e : map.entrySet()) {
      if (e.getValue().tags().contains(tag) && map.remove(e.getKey(), e.getValue())) {
        removed.add(e.getKey());
      }
    }
    return removed;
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    open();
    Set<String> keys = new HashSet<>();
    long now = clock.millis();
    map.forEach(
        (k, e) -> {
          if (e.tags().contains(tag) && !e.isGone(now)) {
            keys.add(k);
          }
        });
    return CompletableFuture.completedFuture(keys);
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    open();
    Set<String> tags = new HashSet<>();
    long now = clock.millis();
    map.values().forEach(e -> {
      if (!e.isGone(now)) {
        tags.addAll(e.tags());
      }
    });
    return CompletableFuture.completedFuture(tags);
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private void open() {
    if (closed.get()) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
