package io.tiercache.bench.tiers;

import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-process tier on a {@link LinkedHashMap} in access order, evicting the least recently used
 * entry when it holds more than its bound; or, without a bound, a plain map.
 *
 * <p>One lock guards the map and the tag index together, so every operation is atomic, and a
 * conditional put decides and writes under it. That is simple and exact, not scalable: the tier
 * exists to measure what a recency-only L1 does to hit ratios, and to serve as an unbounded lower
 * tier in replays, both on one thread. Events (eviction, expiry) are reported after the lock is
 * released.
 *
 * @param <V> the value type
 */
final class LruBackend<V> implements LocalCacheBackend<V> {

  private final String name;
  private final TierClock clock;
  private final TierEvents events;
  /** The most entries held, or -1 if unbounded. */
  private final long maximumSize;
  private final BackendCapabilities capabilities;
  private final LinkedHashMap<String, CacheEntry<V>> map;
  private final Map<String, Set<String>> keysOfTag = new HashMap<>();
  private final Object lock = new Object();
  private volatile boolean closed;

  LruBackend(String name, TierClock clock, TierEvents events, long maximumSize) {
    this.name = name;
    this.clock = clock;
    this.events = events;
    this.maximumSize = maximumSize;
    // Access order only when bounded: an unbounded map need not track recency.
    this.map = new LinkedHashMap<>(16, 0.75f, maximumSize > 0);
    this.capabilities =
        BackendCapabilities.inProcess()
            .tags(true)
            .honoursClock(true)
            .admitsByFrequency(false)
            .maximumEntries(maximumSize)
            .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public @Nullable CacheEntry<V> getSync(String key) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    CacheEntry<V> entry;
    boolean expired = false;
    synchronized (lock) {
      entry = map.get(key);
      if (entry != null && entry.isGone(clock.millis())) {
        removeLocked(key);
        entry = null;
        expired = true;
      }
    }
    if (expired) {
      events.onExpiry(key);
    }
    return entry;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public void putSync(String key, CacheEntry<V> entry) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    checkOpen();
    List<String> evicted;
    synchronized (lock) {
      evicted = storeLocked(key, entry);
    }
    reportEvictions(evicted);
  }

  @Override
  public boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    Objects.requireNonNull(condition, "condition must not be null");
    checkOpen();
    List<String> evicted;
    synchronized (lock) {
      if (!condition.getAsBoolean()) {
        return false;
      }
      evicted = storeLocked(key, entry);
    }
    reportEvictions(evicted);
    return true;
  }

  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    entries.forEach(
        (key, entry) -> {
          Objects.requireNonNull(key, "entries must not contain a null key");
          Objects.requireNonNull(entry, "entries must not contain a null entry");
        });
    checkOpen();
    entries.forEach(this::putSync);
    return CompletableFuture.completedFuture(null);
  }

  // ---------------------------------------------------------------------------------------------
  // Removals

  @Override
  public boolean invalidateSync(String key) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    CacheEntry<V> removed;
    synchronized (lock) {
      removed = removeLocked(key);
    }
    if (removed == null) {
      return false;
    }
    if (removed.isGone(clock.millis())) {
      events.onExpiry(key);
      return false;
    }
    return true;
  }

  @Override
  public Set<String> invalidateByTagSync(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    Set<String> removed = new HashSet<>();
    List<String> gone = new ArrayList<>(0);
    long now = clock.millis();
    synchronized (lock) {
      Set<String> keys = keysOfTag.get(tag);
      if (keys == null) {
        return Set.of();
      }
      for (String key : new ArrayList<>(keys)) {
        CacheEntry<V> entry = removeLocked(key);
        if (entry != null) {
          (entry.isGone(now) ? gone : removed).add(key);
        }
      }
    }
    for (String key : gone) {
      events.onExpiry(key);
    }
    return Collections.unmodifiableSet(removed);
  }

  @Override
  public void clearSync() {
    checkOpen();
    synchronized (lock) {
      map.clear();
      keysOfTag.clear();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Tags

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    long now = clock.millis();
    Set<String> live = new HashSet<>();
    synchronized (lock) {
      for (String key : keysOfTag.getOrDefault(tag, Set.of())) {
        CacheEntry<V> entry = map.get(key);
        if (entry != null && !entry.isGone(now)) {
          live.add(key);
        }
      }
    }
    return CompletableFuture.completedFuture(Collections.unmodifiableSet(live));
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    checkOpen();
    long now = clock.millis();
    Set<String> live = new HashSet<>();
    synchronized (lock) {
      for (Map.Entry<String, Set<String>> indexed : keysOfTag.entrySet()) {
        for (String key : indexed.getValue()) {
          CacheEntry<V> entry = map.get(key);
          if (entry != null && !entry.isGone(now)) {
            live.add(indexed.getKey());
            break;
          }
        }
      }
    }
    return CompletableFuture.completedFuture(Collections.unmodifiableSet(live));
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      map.clear();
      keysOfTag.clear();
    }
  }

  /**
   * Returns the number of entries held, gone ones not yet removed included.
   *
   * @return the size
   */
  int size() {
    synchronized (lock) {
      return map.size();
    }
  }

  @Override
  public String toString() {
    return "LruBackend[" + name + ", "
        + (maximumSize < 0 ? "unbounded" : "maximumSize=" + maximumSize)
        + (closed ? ", closed]" : ", size=" + size() + "]");
  }

  // ---------------------------------------------------------------------------------------------
  // Internals, under the lock

  /** Stores an entry (or, if already gone, removes the old one); returns the keys evicted. */
  private List<String> storeLocked(String key, CacheEntry<V> entry) {
    if (entry.isGone(clock.millis())) {
      removeLocked(key);
      return List.of();
    }
    CacheEntry<V> old = map.put(key, entry);
    if (old != null) {
      unindex(key, old);
    }
    for (String tag : entry.tags()) {
      keysOfTag.computeIfAbsent(tag, t -> new HashSet<>()).add(key);
    }
    if (maximumSize < 0 || map.size() <= maximumSize) {
      return List.of();
    }
    List<String> evicted = new ArrayList<>(1);
    Iterator<Map.Entry<String, CacheEntry<V>>> eldest = map.entrySet().iterator();
    while (map.size() > maximumSize && eldest.hasNext()) {
      Map.Entry<String, CacheEntry<V>> victim = eldest.next();
      eldest.remove();
      unindex(victim.getKey(), victim.getValue());
      evicted.add(victim.getKey());
    }
    return evicted;
  }

  private @Nullable CacheEntry<V> removeLocked(String key) {
    CacheEntry<V> old = map.remove(key);
    if (old != null) {
      unindex(key, old);
    }
    return old;
  }

  private void unindex(String key, CacheEntry<V> entry) {
    for (String tag : entry.tags()) {
      Set<String> keys = keysOfTag.get(tag);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          keysOfTag.remove(tag);
        }
      }
    }
  }

  private void reportEvictions(List<String> evicted) {
    for (String key : evicted) {
      events.onEviction(key);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
  }
}
