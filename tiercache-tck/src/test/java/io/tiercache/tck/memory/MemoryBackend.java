package io.tiercache.tck.memory;

import io.tiercache.codec.CorruptEntryException;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-process tier on a {@link ConcurrentHashMap} of encoded entries ({@link EntryFormat}), with
 * a tag index. Every change of a key happens inside {@code compute} on that key, which also keeps
 * the index, so a key's entry and its index entries change together. Reads decode the stored
 * bytes; bytes that do not decode are a miss, reported and removed.
 *
 * <p>{@link Defect}s, when given, break it on purpose for the kit's own tests.
 *
 * @param <V> the value type
 */
final class MemoryBackend<V> implements LocalCacheBackend<V> {

  /** The largest encoded entry the tier declares it accepts. */
  static final long MAX_ENTRY_BYTES = 1L << 20;

  private final String name;
  private final ValueCodec<V> codec;
  private final TierClock clock;
  private final TierEvents events;
  private final boolean tags;
  private final Set<Defect> defects;
  private final BackendCapabilities capabilities;
  private final ConcurrentHashMap<String, byte[]> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> tagsOfKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> keysOfTag = new ConcurrentHashMap<>();
  private volatile boolean closed;

  MemoryBackend(String name, ValueCodec<V> codec, TierClock clock, boolean honoursClock,
      TierEvents events, boolean tags, Set<Defect> defects) {
    this.name = name;
    this.codec = codec;
    this.clock = clock;
    this.events = events;
    this.tags = tags;
    this.defects = Set.copyOf(defects);
    this.capabilities =
        BackendCapabilities.inProcess()
            .tags(tags)
            .storesBytes(true)
            .honoursClock(honoursClock)
            .maxEntryBytes(MAX_ENTRY_BYTES)
            .build();
  }

  /**
   * Damages what is stored under a key, for the corrupt-bytes rule: flips a byte of the stored
   * entry, or writes foreign bytes if nothing is stored.
   */
  static void corrupt(CacheBackend<?> backend, String key) {
    MemoryBackend<?> memory =
        backend instanceof AsyncOnlyBackend
            ? ((AsyncOnlyBackend<?>) backend).delegate()
            : (MemoryBackend<?>) backend;
    byte[] stored = memory.entries.get(key);
    byte[] damaged;
    if (stored != null) {
      damaged = stored.clone();
      damaged[damaged.length / 2] ^= 0x5A;
    } else {
      damaged = "not a tiercache entry".getBytes(StandardCharsets.UTF_8);
    }
    memory.entries.compute(key, (k, current) -> {
      memory.unindex(k);
      return damaged;
    });
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
    String checked = checkKey(key);
    checkOpen();
    return live(checked);
  }

  @Override
  public void putSync(String key, CacheEntry<V> entry) {
    String checked = checkKey(key);
    Objects.requireNonNull(entry, "entry must not be null");
    checkOpen();
    store(checked, entry, () -> true);
  }

  @Override
  public boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    String checked = checkKey(key);
    Objects.requireNonNull(entry, "entry must not be null");
    Objects.requireNonNull(condition, "condition must not be null");
    checkOpen();
    return store(checked, entry, condition);
  }

  @Override
  public boolean invalidateSync(String key) {
    String checked = checkKey(key);
    checkOpen();
    boolean[] removed = {false};
    entries.computeIfPresent(checked, (k, current) -> {
      CacheEntry<V> entry = decodeOrNull(current);
      removed[0] = entry != null && !isGone(entry, clock.millis());
      unindex(k);
      return null;
    });
    return removed[0];
  }

  @Override
  public void clearSync() {
    checkOpen();
    for (String key : new ArrayList<>(entries.keySet())) {
      entries.computeIfPresent(key, (k, current) -> {
        unindex(k);
        return null;
      });
    }
    // Drops what the index still lists without an entry, deciding under each key's lock.
    for (String tag : new ArrayList<>(keysOfTag.keySet())) {
      for (String key : keysListedUnder(tag)) {
        entries.compute(key, (k, current) -> {
          if (current == null) {
            keysOfTag.computeIfPresent(tag, (t, keys) -> {
              keys.remove(k);
              return keys.isEmpty() ? null : keys;
            });
          }
          return current;
        });
      }
    }
  }

  @Override
  public Set<String> invalidateByTagSync(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    checkTags();
    Set<String> removed = ConcurrentHashMap.newKeySet();
    long now = clock.millis();
    for (String key : keysListedUnder(tag)) {
      entries.computeIfPresent(key, (k, current) -> {
        CacheEntry<V> entry = decodeOrNull(current);
        boolean carries = entry != null && (trustsIndex() || entry.tags().contains(tag));
        if (entry == null || isGone(entry, now)) {
          if (carries && defects.contains(Defect.COUNTS_GONE_KEYS)) {
            removed.add(k);
          }
          unindex(k);
          return null;
        }
        if (!carries) {
          return current;
        }
        unindex(k);
        removed.add(k);
        return null;
      });
    }
    return Set.copyOf(removed);
  }

  @Override
  public CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    List<String> checked = new ArrayList<>(keys.size());
    for (String key : keys) {
      checked.add(checkKey(key));
    }
    checkOpen();
    Map<String, CacheEntry<V>> found = new LinkedHashMap<>();
    for (String key : checked) {
      CacheEntry<V> entry = live(key);
      if (entry != null) {
        found.put(key, entry);
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> batch) {
    Objects.requireNonNull(batch, "entries must not be null");
    Map<String, CacheEntry<V>> checked = new LinkedHashMap<>();
    batch.forEach((key, entry) -> checked.put(checkKey(key),
        Objects.requireNonNull(entry, "entries must not hold a null entry")));
    checkOpen();
    checked.forEach((key, entry) -> store(key, entry, () -> true));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    checkTags();
    Set<String> found = new HashSet<>();
    for (String key : keysListedUnder(tag)) {
      CacheEntry<V> entry = live(key);
      if (entry != null && (trustsIndex() || entry.tags().contains(tag))) {
        found.add(key);
      }
    }
    return CompletableFuture.completedFuture(Set.copyOf(found));
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    checkOpen();
    checkTags();
    Set<String> found = new HashSet<>();
    for (String tag : new ArrayList<>(keysOfTag.keySet())) {
      for (String key : keysListedUnder(tag)) {
        CacheEntry<V> entry = live(key);
        if (entry != null && (trustsIndex() || entry.tags().contains(tag))) {
          found.add(tag);
          break;
        }
      }
    }
    return CompletableFuture.completedFuture(Set.copyOf(found));
  }

  @Override
  public void close() {
    if (closed || defects.contains(Defect.USABLE_AFTER_CLOSE)) {
      closed = true;
      return;
    }
    closed = true;
    entries.clear();
    tagsOfKey.clear();
    keysOfTag.clear();
  }

  @Override
  public String toString() {
    return "MemoryBackend[" + name + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private boolean store(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    byte[] bytes = EntryFormat.encode(entry, codec);
    boolean[] written = {false};
    entries.compute(key, (k, current) -> {
      if (!condition.getAsBoolean()) {
        return current;
      }
      written[0] = true;
      if (current != null && defects.contains(Defect.STALE_TAGS_AFTER_OVERWRITE)) {
        // Forgets which tags the key was listed under, so it stays listed under them.
        tagsOfKey.remove(k);
      } else {
        unindex(k);
      }
      if (isGone(entry, clock.millis())) {
        return null;
      }
      index(k, entry.tags());
      if (current != null && current.length == bytes.length
          && defects.contains(Defect.TORN_WRITES)) {
        int half = bytes.length / 2;
        System.arraycopy(bytes, 0, current, 0, half);
        // A slow store: readers meet the half-written bytes.
        LockSupport.parkNanos(50_000);
        System.arraycopy(bytes, half, current, half, bytes.length - half);
        return current;
      }
      return bytes;
    });
    return written[0];
  }

  /** Returns the live entry under a key, removing it if gone or undecodable. */
  private @Nullable CacheEntry<V> live(String key) {
    byte[] bytes = entries.get(key);
    if (bytes == null) {
      return null;
    }
    CacheEntry<V> entry;
    try {
      entry = EntryFormat.decode(bytes, codec);
    } catch (CorruptEntryException e) {
      if (defects.contains(Defect.THROWS_ON_CORRUPT_BYTES)) {
        throw e;
      }
      removeIfStill(key, bytes);
      events.onCorruptEntry(key, String.valueOf(e.getMessage()));
      return null;
    }
    if (isGone(entry, clock.millis())) {
      if (removeIfStill(key, bytes)) {
        events.onExpiry(key);
      }
      return null;
    }
    return entry;
  }

  private @Nullable CacheEntry<V> decodeOrNull(byte[] bytes) {
    try {
      return EntryFormat.decode(bytes, codec);
    } catch (CorruptEntryException e) {
      return null;
    }
  }

  private boolean removeIfStill(String key, byte[] bytes) {
    boolean[] removed = {false};
    entries.computeIfPresent(key, (k, current) -> {
      if (current != bytes) {
        return current;
      }
      unindex(k);
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  private boolean isGone(CacheEntry<?> entry, long now) {
    return defects.contains(Defect.SERVES_AT_STALE_UNTIL)
        ? now > entry.staleUntil()
        : entry.isGone(now);
  }

  private boolean trustsIndex() {
    return defects.contains(Defect.STALE_TAGS_AFTER_OVERWRITE);
  }

  /** Lists a key under its entry's tags; called inside {@code compute} on the key. */
  private void index(String key, Set<String> entryTags) {
    if (entryTags.isEmpty()) {
      return;
    }
    tagsOfKey.put(key, entryTags);
    for (String tag : entryTags) {
      keysOfTag.compute(tag, (t, keys) -> {
        Set<String> listed = keys != null ? keys : ConcurrentHashMap.newKeySet();
        listed.add(key);
        return listed;
      });
    }
  }

  /** Removes a key from the index; called inside {@code compute} on the key. */
  private void unindex(String key) {
    Set<String> listedUnder = tagsOfKey.remove(key);
    if (listedUnder == null) {
      return;
    }
    for (String tag : listedUnder) {
      keysOfTag.computeIfPresent(tag, (t, keys) -> {
        keys.remove(key);
        return keys.isEmpty() ? null : keys;
      });
    }
  }

  private List<String> keysListedUnder(String tag) {
    Set<String> keys = keysOfTag.get(tag);
    return keys == null ? List.of() : new ArrayList<>(keys);
  }

  private String checkKey(@Nullable String key) {
    if (key == null && defects.contains(Defect.ACCEPTS_NULL_KEYS)) {
      return "null";
    }
    return Objects.requireNonNull(key, "key must not be null");
  }

  private void checkOpen() {
    if (closed && !defects.contains(Defect.USABLE_AFTER_CLOSE)) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
  }

  private void checkTags() {
    if (!tags) {
      throw new UnsupportedOperationException(
          "tier '" + name + "' does not index tags (tags=false)");
    }
  }
}
