package io.tiercache.core.internal;

import io.tiercache.BreakerState;
import io.tiercache.TierStats;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One tier of a stack as the core sees it: the backend behind its timeout and circuit breaker,
 * its settings (TTL cap, stale window, size limit, promotion strategy) and its counters.
 *
 * <p>Every operation here is guarded: a failure, a timeout or an open breaker never escapes as
 * an exception; reads become misses, writes and removals are dropped, and each is counted.
 *
 * @param <V> the value type
 */
public final class Tier<V> implements TierEvents {

  private final int level;
  private final String name;
  private final CacheBackend<V> backend;
  private final @Nullable LocalCacheBackend<V> local;
  private final BackendCapabilities capabilities;
  private final @Nullable Duration ttl;
  private final @Nullable Duration staleFor;
  private final long maxEntryBytes;
  private final long timeoutNanos;
  private final @Nullable PromotionStrategy strategy;
  private final CircuitBreaker breaker;

  private final LongAdder hits = new LongAdder();
  private final LongAdder staleHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder promotionsIn = new LongAdder();
  private final LongAdder promotionsOut = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder skippedWrites = new LongAdder();
  private final LongAdder droppedWrites = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expiries = new LongAdder();
  private final LongAdder corrupt = new LongAdder();

  /**
   * Creates the tier.
   *
   * @param level its position, 1 for L1
   * @param name its name
   * @param backend the store
   * @param settings its TTL cap, stale window, size limit and timeout
   * @param strategy how entries are promoted into it, or {@code null} for the lowest tier
   * @param breaker its circuit breaker
   */
  public Tier(
      int level,
      String name,
      CacheBackend<V> backend,
      TierSettings settings,
      @Nullable PromotionStrategy strategy,
      CircuitBreaker breaker) {
    this.level = level;
    this.name = name;
    this.backend = backend;
    this.local = backend instanceof LocalCacheBackend ? (LocalCacheBackend<V>) backend : null;
    this.capabilities = backend.capabilities();
    this.ttl = settings.ttl();
    this.staleFor = settings.staleFor();
    this.maxEntryBytes = Math.min(settings.maxEntryBytes(), capabilities.maxEntryBytes());
    this.timeoutNanos = settings.timeout().toNanos();
    this.strategy = strategy;
    this.breaker = breaker;
  }

  /**
   * Returns the position, 1 for L1.
   *
   * @return the level
   */
  public int level() {
    return level;
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the backend.
   *
   * @return the backend
   */
  public CacheBackend<V> backend() {
    return backend;
  }

  /**
   * Returns the capabilities.
   *
   * @return the capabilities
   */
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  /**
   * Tells whether the tier runs in this process and has synchronous operations.
   *
   * @return {@code true} for a {@link LocalCacheBackend}
   */
  public boolean isLocal() {
    return local != null;
  }

  /**
   * Returns the promotion strategy.
   *
   * @return the strategy, or {@code null} for the lowest tier
   */
  public @Nullable PromotionStrategy strategy() {
    return strategy;
  }

  /**
   * Returns the largest encoded entry this tier takes.
   *
   * @return the limit in bytes
   */
  public long maxEntryBytes() {
    return maxEntryBytes;
  }

  // --- reads ------------------------------------------------------------------------------------

  /**
   * Reads an entry of a local tier on the calling thread, counting a hit, stale hit or miss.
   *
   * @param key the key
   * @param nowMillis the stack's clock
   * @return the entry, or {@code null}
   */
  public @Nullable CacheEntry<V> readLocal(String key, long nowMillis) {
    LocalCacheBackend<V> store = local;
    if (store == null) {
      throw new IllegalStateException("tier '" + name + "' is not local");
    }
    if (!breaker.allow()) {
      rejected.increment();
      misses.increment();
      return null;
    }
    CacheEntry<V> entry;
    try {
      entry = store.getSync(key, nowMillis);
    } catch (RuntimeException e) {
      failed(e);
      misses.increment();
      return null;
    }
    breaker.onSuccess();
    return counted(entry, nowMillis);
  }

  /**
   * Reads an entry, counting a hit, stale hit or miss; never fails.
   *
   * @param key the key
   * @param nowMillis the stack's clock
   * @return a future of the entry, or of {@code null} on a miss, a failure or a timeout
   */
  public CompletableFuture<@Nullable CacheEntry<V>> read(String key, long nowMillis) {
    if (local != null) {
      return CompletableFuture.completedFuture(readLocal(key, nowMillis));
    }
    return guarded(() -> backend.get(key), null)
        .thenApply(entry -> counted(entry, nowMillis));
  }

  private @Nullable CacheEntry<V> counted(@Nullable CacheEntry<V> entry, long nowMillis) {
    if (entry == null || entry.isGone(nowMillis)) {
      misses.increment();
      return null;
    }
    if (entry.isFresh(nowMillis)) {
      hits.increment();
    } else {
      staleHits.increment();
    }
    return entry;
  }

  /**
   * Lists the keys carrying a tag; an empty set if the tier fails.
   *
   * @param tag the tag
   * @return a future of the keys
   */
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    return guarded(() -> backend.keysByTag(tag), Set.of());
  }

  /**
   * Lists the tags; an empty set if the tier fails.
   *
   * @return a future of the tags
   */
  public CompletableFuture<Set<String>> tags() {
    return guarded(backend::tags, Set.of());
  }

  /**
   * Reads several entries without counting them; missing entries if the tier fails.
   *
   * @param keys the keys
   * @return a future of the entries found
   */
  public CompletableFuture<Map<String, CacheEntry<V>>> peekAll(Set<String> keys) {
    return guarded(() -> backend.getAll(keys), Map.of());
  }

  // --- writes -----------------------------------------------------------------------------------

  /**
   * Fits an entry to this tier: caps its freshness at the tier's {@code ttl} and its stale window
   * at the tier's {@code staleFor}, when set.
   *
   * @param entry the entry
   * @param nowMillis the stack's clock
   * @return the entry as this tier keeps it
   */
  public CacheEntry<V> fit(CacheEntry<V> entry, long nowMillis) {
    long expiresAt = entry.expiresAt();
    long staleUntil = entry.staleUntil();
    if (ttl != null) {
      long cap = saturatedAdd(nowMillis, ttl.toMillis());
      if (cap < expiresAt) {
        // The stale window keeps its length after the capped expiry, unless staleFor says more.
        long window = staleUntil == CacheEntry.NEVER ? 0 : staleUntil - expiresAt;
        expiresAt = cap;
        staleUntil = Math.min(staleUntil, saturatedAdd(cap, window));
      }
    }
    if (staleFor != null) {
      staleUntil = Math.min(staleUntil, saturatedAdd(expiresAt, staleFor.toMillis()));
    }
    if (expiresAt == entry.expiresAt() && staleUntil == entry.staleUntil()) {
      return entry;
    }
    return new CacheEntry<>(entry.value(), expiresAt, Math.max(expiresAt, staleUntil),
        entry.tags());
  }

  /**
   * Returns this tier's TTL cap.
   *
   * @return the cap, or {@code null} if none
   */
  public @Nullable Duration ttl() {
    return ttl;
  }

  /**
   * Returns this tier's stale-window cap.
   *
   * @return the cap, or {@code null} if none
   */
  public @Nullable Duration staleFor() {
    return staleFor;
  }

  /**
   * Tells whether an entry of this encoded size fits the tier, counting a skipped write if not.
   *
   * @param encodedSize the encoded size, or -1 if not computed (only when no limit applies)
   * @return {@code true} if it fits
   */
  public boolean fits(long encodedSize) {
    if (encodedSize > maxEntryBytes) {
      skippedWrites.increment();
      return false;
    }
    return true;
  }

  /**
   * Writes an entry; never fails. A write that fails, times out or is rejected by the breaker is
   * counted once as a dropped write. When the store reported a failure, a best-effort removal
   * follows, so that the tier does not keep an older value; it is not counted as another dropped
   * write. After a timeout (the write may still land, and a removal would likely wait as long) or
   * a rejection (the tier is being skipped) no removal is sent, so the caller waits at most the
   * tier's timeout.
   *
   * @param key the key
   * @param entry the entry
   * @return a future of {@code true} if the write was applied
   */
  public CompletableFuture<Boolean> write(String key, CacheEntry<V> entry) {
    if (!breaker.allow()) {
      rejected.increment();
      droppedWrites.increment();
      return CompletableFuture.completedFuture(Boolean.FALSE);
    }
    CompletableFuture<Void> started;
    try {
      started = backend.put(key, entry);
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    return withTimeout(started)
        .handle((ignored, failure) -> failure)
        .thenCompose(
            failure -> {
              if (failure == null) {
                breaker.onSuccess();
                writes.increment();
                return CompletableFuture.completedFuture(Boolean.TRUE);
              }
              boolean timedOut = failed(failure);
              droppedWrites.increment();
              if (timedOut || breaker.state() != BreakerState.CLOSED) {
                return CompletableFuture.completedFuture(Boolean.FALSE);
              }
              return guarded(() -> backend.invalidate(key), null).thenApply(ignored -> false);
            });
  }

  /**
   * Promotes an entry into this tier if a condition still holds. For a local tier the condition
   * is checked atomically with the write; for a remote tier it is checked again after the write,
   * which is then undone if the condition no longer holds.
   *
   * @param key the key
   * @param entry the entry, already fitted
   * @param condition whether the promotion is still valid
   * @return a future of {@code true} if the entry was promoted
   */
  public CompletableFuture<Boolean> promote(
      String key, CacheEntry<V> entry, BooleanSupplier condition) {
    LocalCacheBackend<V> store = local;
    if (store != null) {
      if (!breaker.allow()) {
        rejected.increment();
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }
      boolean promoted;
      try {
        promoted = store.putSyncIf(key, entry, condition);
        breaker.onSuccess();
      } catch (RuntimeException e) {
        failed(e);
        droppedWrites.increment();
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }
      if (promoted) {
        promotionsIn.increment();
      }
      return CompletableFuture.completedFuture(promoted);
    }
    if (!condition.getAsBoolean()) {
      return CompletableFuture.completedFuture(Boolean.FALSE);
    }
    return guarded(() -> backend.put(key, entry).thenApply(ignored -> Boolean.TRUE), Boolean.FALSE)
        .thenCompose(
            written -> {
              if (!written) {
                droppedWrites.increment();
                return CompletableFuture.completedFuture(Boolean.FALSE);
              }
              if (condition.getAsBoolean()) {
                promotionsIn.increment();
                return CompletableFuture.completedFuture(Boolean.TRUE);
              }
              return remove(key).thenApply(ignored -> Boolean.FALSE);
            });
  }

  /**
   * Counts an entry of this tier promoted into a tier above.
   */
  public void countPromotionOut() {
    promotionsOut.increment();
  }

  /**
   * Removes an entry; never fails (a failure is counted as a dropped write).
   *
   * @param key the key
   * @return a future of {@code true} if an entry was removed
   */
  public CompletableFuture<Boolean> remove(String key) {
    LocalCacheBackend<V> store = local;
    if (store != null) {
      try {
        return CompletableFuture.completedFuture(store.invalidateSync(key));
      } catch (RuntimeException e) {
        failed(e);
        droppedWrites.increment();
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }
    }
    return guarded(() -> backend.invalidate(key), null)
        .thenApply(
            removed -> {
              if (removed == null) {
                droppedWrites.increment();
                return Boolean.FALSE;
              }
              return removed;
            });
  }

  /**
   * Removes the entries carrying a tag; never fails.
   *
   * @param tag the tag
   * @return a future of the keys removed (empty if the tier failed)
   */
  public CompletableFuture<Set<String>> removeByTag(String tag) {
    return guarded(() -> backend.invalidateByTag(tag), null)
        .thenApply(
            removed -> {
              if (removed == null) {
                droppedWrites.increment();
                return Set.of();
              }
              return removed;
            });
  }

  /**
   * Removes every entry; never fails.
   *
   * @return a future of {@code true} if the tier was cleared
   */
  public CompletableFuture<Boolean> clear() {
    return guarded(() -> backend.clear().thenApply(ignored -> Boolean.TRUE), Boolean.FALSE)
        .thenApply(
            cleared -> {
              if (!cleared) {
                droppedWrites.increment();
              }
              return cleared;
            });
  }

  // --- guard ------------------------------------------------------------------------------------

  private <T> CompletableFuture<T> guarded(
      java.util.function.Supplier<CompletableFuture<T>> operation, T fallback) {
    if (!breaker.allow()) {
      rejected.increment();
      return CompletableFuture.completedFuture(fallback);
    }
    CompletableFuture<T> started;
    try {
      started = operation.get();
    } catch (RuntimeException e) {
      failed(e);
      return CompletableFuture.completedFuture(fallback);
    }
    started = withTimeout(started);
    return started.handle(
        (value, failure) -> {
          if (failure != null) {
            failed(failure);
            return fallback;
          }
          breaker.onSuccess();
          return value;
        });
  }

  /** Bounds a remote operation by the tier's timeout. */
  private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> started) {
    if (local == null && timeoutNanos > 0 && !started.isDone()) {
      // A copy, so that the timeout does not complete the backend's own future.
      return started.thenApply(Function.identity()).orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }
    return started;
  }

  /** Counts a failure and tells the breaker; returns whether it was a timeout. */
  private boolean failed(Throwable failure) {
    // A timeout may come from the core (a TimeoutException) or from the store's client, wrapped
    // in the TierAccessException the SPI asks for: look down the whole cause chain.
    boolean timedOut = false;
    for (Throwable cause = failure; cause != null && !timedOut; cause = cause.getCause()) {
      timedOut = cause instanceof TimeoutException;
      if (cause.getCause() == cause) {
        break;
      }
    }
    errors.increment();
    if (timedOut) {
      timeouts.increment();
    }
    breaker.onFailure();
    return timedOut;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 || sum == CacheEntry.NEVER ? CacheEntry.NEVER : sum;
  }

  // --- events and stats -------------------------------------------------------------------------

  @Override
  public void onEviction(String key) {
    evictions.increment();
  }

  @Override
  public void onExpiry(String key) {
    expiries.increment();
  }

  @Override
  public void onCorruptEntry(String key, String reason) {
    corrupt.increment();
  }

  /**
   * Counts a read answered below this tier that missed it (used when the tier was skipped).
   */
  public void countMiss() {
    misses.increment();
  }

  /**
   * Returns a snapshot of the counters.
   *
   * @return the snapshot
   */
  public TierStats stats() {
    return new TierStats(
        name,
        level,
        hits.sum(),
        staleHits.sum(),
        misses.sum(),
        promotionsIn.sum(),
        promotionsOut.sum(),
        writes.sum(),
        skippedWrites.sum(),
        droppedWrites.sum(),
        errors.sum(),
        timeouts.sum(),
        rejected.sum(),
        evictions.sum(),
        expiries.sum(),
        corrupt.sum(),
        breaker.state());
  }

  @Override
  public String toString() {
    return name;
  }
}
