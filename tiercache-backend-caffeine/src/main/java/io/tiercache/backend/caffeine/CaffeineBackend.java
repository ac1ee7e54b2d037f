package io.tiercache.backend.caffeine;

import static io.tiercache.backend.caffeine.CaffeineBackendProvider.DEFAULT_MAXIMUM_SIZE;
import static io.tiercache.backend.caffeine.CaffeineBackendProvider.ENTRY_OVERHEAD_BYTES;
import static io.tiercache.backend.caffeine.CaffeineBackendProvider.EXPIRE_AFTER_ACCESS;
import static io.tiercache.backend.caffeine.CaffeineBackendProvider.MAXIMUM_SIZE;
import static io.tiercache.backend.caffeine.CaffeineBackendProvider.MAXIMUM_WEIGHT;
import static io.tiercache.backend.caffeine.CaffeineBackendProvider.RECORD_STATS;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.tiercache.codec.ValueCodec;
import io.tiercache.config.TierOptions;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One in-process tier on a Caffeine {@link Cache} of {@link CacheEntry entries} stored by
 * reference, with an index of tags.
 *
 * <h2>How the tag index stays exact</h2>
 *
 * <p>The index maps a tag to the keys whose stored entries carry it. Every change of a key's
 * entry happens inside a Caffeine {@code compute} of that key (writes, removals) or inside
 * Caffeine's synchronous eviction listener (expiry, eviction for room), both of which run under
 * the key's lock; the index is changed there, so no two changes of one key interleave. Each
 * tag's key set is changed only inside a {@code compute} of that tag in the index, which also
 * drops the set when it empties, so that a key added to a tag can never land in a set being
 * dropped. The locks nest one way only (key, then tag), so they cannot deadlock.
 *
 * <p>An entry past its expiry stays in the index until Caffeine removes it, which it does as the
 * tier is used; the views ({@link #keysByTagSync}, {@link #tagsSync}) check each key against its
 * current entry, so they never list one.
 *
 * @param <V> the value type
 */
final class CaffeineBackend<V> implements LocalCacheBackend<V> {

  private final String name;
  private final TierOptions options;
  private final TierClock clock;
  private final TierEvents events;
  private final ValueCodec<V> codec;
  private final boolean weighed;
  private final boolean recordingStats;
  /** The access window in nanoseconds, or -1 if entries do not expire by access. */
  private final long accessNanos;
  private final BackendCapabilities capabilities;
  private final Cache<String, CacheEntry<V>> cache;
  private final ConcurrentMap<String, CacheEntry<V>> map;
  private final Policy<String, CacheEntry<V>> policy;
  private final ConcurrentMap<String, Set<String>> tagIndex = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  CaffeineBackend(BackendContext<V> context) {
    this.name = context.tierName();
    this.options = context.options();
    this.clock = context.clock();
    this.events = context.events();
    this.codec = context.codec();
    Optional<Long> maximumWeight = options.find(MAXIMUM_WEIGHT);
    Optional<Long> maximumSize = options.find(MAXIMUM_SIZE);
    if (maximumWeight.isPresent() && maximumSize.isPresent()) {
      throw new IllegalArgumentException(
          "tier '" + name + "': maximumSize and maximumWeight are both given; keep one");
    }
    this.weighed = maximumWeight.isPresent();
    this.recordingStats = options.get(RECORD_STATS);
    this.accessNanos = options.find(EXPIRE_AFTER_ACCESS).map(CaffeineBackend::nanos).orElse(-1L);

    Caffeine<String, CacheEntry<V>> builder =
        Caffeine.newBuilder()
            // Upkeep (draining the read and write buffers, eviction, expiry) runs on the threads
            // that use the tier instead of on ForkJoinPool.commonPool(). It is amortised and
            // bounded per call, and runs only for the thread that wins a tryLock, so a read never
            // waits; it needs no thread hop and no task submission; eviction cannot fall behind
            // when the common pool is busy with the application's work; and tests see every
            // eviction and expiry (and its event) once the call that caused it, or cleanUp(),
            // returns.
            .executor(Runnable::run)
            .ticker(clock::nanoTime)
            .evictionListener(this::onEvicted)
            .expireAfter(new EntryExpiry());
    if (weighed) {
      builder.maximumWeight(maximumWeight.get()).weigher((key, entry) -> weightOf(entry));
    } else {
      builder.maximumSize(maximumSize.orElse(DEFAULT_MAXIMUM_SIZE));
    }
    if (recordingStats) {
      builder.recordStats();
    }
    this.cache = builder.build();
    this.map = cache.asMap();
    this.policy = cache.policy();
    this.capabilities =
        BackendCapabilities.inProcess()
            .tags(true)
            .persistent(false)
            .storesBytes(false)
            .honoursClock(true)
            .admitsByFrequency(true)
            .maxEntryBytes(
                weighed
                    ? Math.max(1, maximumWeight.get() - ENTRY_OVERHEAD_BYTES)
                    : Long.MAX_VALUE)
            .maximumEntries(weighed ? -1 : maximumSize.orElse(DEFAULT_MAXIMUM_SIZE))
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

  /**
   * Reads an entry. Allocates nothing: no future, no lambda, no boxing; Caffeine's read path
   * records the access in a preallocated buffer.
   */
  @Override
  public @Nullable CacheEntry<V> getSync(String key) {
    return getSync(key, clock.millis());
  }

  @Override
  public @Nullable CacheEntry<V> getSync(String key, long nowMillis) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    CacheEntry<V> entry = cache.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    if (entry.isGone(nowMillis)) {
      // Caffeine's expiry is measured on the clock's nanoTime, the entry's on its millis; if they
      // disagree by a tick, the entry's own word wins.
      expire(key, entry);
      return null;
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
    if (entry.isGone(clock.millis())) {
      remove(key);
      return;
    }
    checkWeighable(entry);
    map.compute(
        key,
        (k, old) -> {
          reindex(k, old, entry);
          return entry;
        });
  }

  @Override
  public boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    Objects.requireNonNull(condition, "condition must not be null");
    checkOpen();
    checkWeighable(entry);
    boolean[] written = new boolean[1];
    map.compute(
        key,
        (k, old) -> {
          if (!condition.getAsBoolean()) {
            // Returning the old entry leaves it and its tags as they are. Caffeine counts the
            // compute as an update of it: its lifetime is recomputed (to the same staleUntil),
            // and with expireAfterAccess its access window restarts, as a read would.
            return old;
          }
          written[0] = true;
          if (entry.isGone(clock.millis())) {
            reindex(k, old, null);
            return null;
          }
          reindex(k, old, entry);
          return entry;
        });
    return written[0];
  }

  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
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
    return remove(key);
  }

  @Override
  public Set<String> invalidateByTagSync(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    Set<String> keys = tagIndex.get(tag);
    if (keys == null) {
      return Set.of();
    }
    Set<String> removed = new HashSet<>();
    List<String> gone = new ArrayList<>(0);
    long now = clock.millis();
    for (String key : keys.toArray(String[]::new)) {
      CacheEntry<V> seen = policy.getIfPresentQuietly(key);
      if (seen == null || !seen.tags().contains(tag)) {
        // Expired (Caffeine's upkeep will unindex it) or rewritten without the tag since.
        continue;
      }
      map.computeIfPresent(
          key,
          (k, current) -> {
            if (!current.tags().contains(tag)) {
              return current; // rewritten without the tag after the look above
            }
            reindex(k, current, null);
            (current.isGone(now) ? gone : removed).add(k);
            return null;
          });
    }
    for (String key : gone) {
      events.onExpiry(key);
    }
    return Collections.unmodifiableSet(removed);
  }

  @Override
  public void clearSync() {
    checkOpen();
    for (String key : map.keySet()) {
      remove(key);
    }
    cache.cleanUp();
  }

  // ---------------------------------------------------------------------------------------------
  // Tags

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    return CompletableFuture.completedFuture(keysByTagSync(tag));
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    return CompletableFuture.completedFuture(tagsSync());
  }

  /**
   * Lists the keys whose stored, not yet gone entries carry a tag, on the calling thread.
   *
   * @param tag the tag
   * @return the keys, a snapshot
   */
  Set<String> keysByTagSync(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    Set<String> keys = tagIndex.get(tag);
    if (keys == null) {
      return Set.of();
    }
    long now = clock.millis();
    Set<String> live = new HashSet<>();
    for (String key : keys) {
      if (carries(key, tag, now)) {
        live.add(key);
      }
    }
    return Collections.unmodifiableSet(live);
  }

  /**
   * Lists the tags carried by at least one stored, not yet gone entry, on the calling thread.
   *
   * @return the tags, a snapshot
   */
  Set<String> tagsSync() {
    checkOpen();
    long now = clock.millis();
    Set<String> live = new HashSet<>();
    for (Map.Entry<String, Set<String>> indexed : tagIndex.entrySet()) {
      String tag = indexed.getKey();
      for (String key : indexed.getValue()) {
        if (carries(key, tag, now)) {
          live.add(tag);
          break;
        }
      }
    }
    return Collections.unmodifiableSet(live);
  }

  private boolean carries(String key, String tag, long now) {
    // Quietly: listing tags is not an access, and must not move an entry's access expiry.
    CacheEntry<V> entry = policy.getIfPresentQuietly(key);
    return entry != null && !entry.isGone(now) && entry.tags().contains(tag);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle and diagnostics

  /** None: an in-process tier is told of other processes' changes, it tells no one. */
  @Override
  public Optional<InvalidationBus> invalidationBus() {
    return Optional.empty();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Explicit removals are not evictions: no event is reported for them.
    cache.invalidateAll();
    tagIndex.clear();
    cache.cleanUp();
  }

  /**
   * Runs Caffeine's pending upkeep now: drains its buffers, removes expired entries and evicts
   * for room, reporting each to the tier's events. For tests and diagnostics.
   */
  void cleanUp() {
    checkOpen();
    cache.cleanUp();
  }

  /**
   * Returns the number of entries Caffeine holds, expired ones not yet removed included.
   *
   * @return the approximate number of entries
   */
  long estimatedSize() {
    checkOpen();
    return cache.estimatedSize();
  }

  /**
   * Returns the total weight of the entries, when the tier is bounded by {@code maximumWeight}.
   *
   * @return the weight in bytes, or -1 if the tier is bounded by a count
   */
  long weightedSize() {
    checkOpen();
    return policy.eviction().map(eviction -> eviction.weightedSize().orElse(-1L)).orElse(-1L);
  }

  /**
   * Returns the tags that the raw index holds, without checking their entries. For tests: it
   * shows whether the index has been cleaned after expiry and eviction.
   *
   * @return the indexed tags, a snapshot
   */
  Set<String> indexedTags() {
    checkOpen();
    return Set.copyOf(tagIndex.keySet());
  }

  /**
   * Returns Caffeine's statistics: hits and misses of reads, evictions for room and expiries.
   * Writes count as loads. All zero unless the tier was opened with {@code recordStats=true}.
   *
   * @return the statistics since the tier was opened
   */
  CacheStats stats() {
    checkOpen();
    return cache.stats();
  }

  /**
   * Shows the tier's name and options, its size and, with {@code recordStats=true}, its hit and
   * eviction counts. Never throws, also after {@link #close()}.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("CaffeineBackend[").append(name).append(", ")
        .append(options);
    if (closed.get()) {
      return out.append(", closed]").toString();
    }
    if (!weighed && !options.isSet(MAXIMUM_SIZE)) {
      out.append(", maximumSize=").append(DEFAULT_MAXIMUM_SIZE).append(" (default)");
    }
    out.append(", size=").append(cache.estimatedSize());
    if (recordingStats) {
      CacheStats stats = cache.stats();
      out.append(", hits=").append(stats.hitCount())
          .append(", misses=").append(stats.missCount())
          .append(String.format(Locale.ROOT, ", hitRate=%.3f", stats.hitRate()))
          .append(", evictions=").append(stats.evictionCount());
    }
    return out.append(']').toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
  }

  /** Removes a key's entry, unindexing it atomically. Returns whether a live entry was removed. */
  private boolean remove(String key) {
    long now = clock.millis();
    boolean[] result = new boolean[2]; // removed, was gone
    map.computeIfPresent(
        key,
        (k, current) -> {
          reindex(k, current, null);
          result[current.isGone(now) ? 1 : 0] = true;
          return null;
        });
    if (result[1]) {
      events.onExpiry(key);
    }
    return result[0];
  }

  /** Removes a key's entry if it is still the given one, which is gone, and reports its expiry. */
  private void expire(String key, CacheEntry<V> gone) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(
        key,
        (k, current) -> {
          if (current != gone) {
            return current; // replaced since it was read
          }
          reindex(k, current, null);
          removed[0] = true;
          return null;
        });
    if (removed[0]) {
      events.onExpiry(key);
    }
  }

  /**
   * Moves a key from the tags of its old entry to those of its new one. Must run under the key's
   * lock: inside a compute of the key or Caffeine's eviction listener.
   */
  private void reindex(String key, @Nullable CacheEntry<V> old, @Nullable CacheEntry<V> next) {
    Set<String> nextTags = next == null ? Set.of() : next.tags();
    if (old != null) {
      for (String tag : old.tags()) {
        if (!nextTags.contains(tag)) {
          tagIndex.computeIfPresent(
              tag,
              (t, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
              });
        }
      }
    }
    for (String tag : nextTags) {
      // Added even when the old entry carried the tag: idempotent, and repairs rather than
      // trusts the index.
      tagIndex.compute(
          tag,
          (t, keys) -> {
            Set<String> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            set.add(key);
            return set;
          });
    }
  }

  /**
   * Caffeine's eviction listener: runs synchronously inside the removal of the entry, under the
   * key's lock, for expiry ({@code EXPIRED}) and for room ({@code SIZE}, {@code COLLECTED});
   * never for invalidations or replacements, which unindex in their own compute.
   */
  private void onEvicted(@Nullable String key, @Nullable CacheEntry<V> entry, RemovalCause cause) {
    if (key == null || entry == null) {
      return; // only weakly or softly held keys and values are collected; these are strong
    }
    reindex(key, entry, null);
    if (cause == RemovalCause.EXPIRED) {
      events.onExpiry(key);
    } else if (cause.wasEvicted()) {
      events.onEviction(key);
    }
  }

  /** Fails the write of a value the codec cannot size before anything is changed. */
  private void checkWeighable(CacheEntry<V> entry) {
    if (weighed) {
      // Caffeine weighs the entry again inside the write; a codec's encodedSize is meant to be
      // cheap, and a failure there would leave the index changed for an entry never stored.
      weightOf(entry);
    }
  }

  private int weightOf(CacheEntry<V> entry) {
    long size = Math.max(0, codec.encodedSize(entry.value()));
    return (int) Math.min(Integer.MAX_VALUE, size + ENTRY_OVERHEAD_BYTES);
  }

  /**
   * How long Caffeine must keep an entry: until its {@code staleUntil}, by the tier's clock.
   * Saturates instead of overflowing; Caffeine itself caps expiries at about 146 years ahead,
   * which is how long an entry that never expires is kept.
   */
  private long nanosUntilGone(CacheEntry<V> entry) {
    long millis = entry.retainMillis(clock.millis());
    return millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : millis * 1_000_000L;
  }

  private static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Keeps each entry until its own {@code staleUntil} and, with {@code expireAfterAccess}, no
   * longer than that window after its last read or write. Allocates nothing.
   */
  private final class EntryExpiry implements Expiry<String, CacheEntry<V>> {

    @Override
    public long expireAfterCreate(String key, CacheEntry<V> entry, long currentTime) {
      return lifetime(entry);
    }

    @Override
    public long expireAfterUpdate(
        String key, CacheEntry<V> entry, long currentTime, long currentDuration) {
      return lifetime(entry);
    }

    @Override
    public long expireAfterRead(
        String key, CacheEntry<V> entry, long currentTime, long currentDuration) {
      return accessNanos < 0 ? currentDuration : lifetime(entry);
    }

    private long lifetime(CacheEntry<V> entry) {
      long untilGone = nanosUntilGone(entry);
      return accessNanos < 0 ? untilGone : Math.min(accessNanos, untilGone);
    }
  }
}
