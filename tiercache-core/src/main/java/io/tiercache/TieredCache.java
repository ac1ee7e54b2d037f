package io.tiercache;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.core.internal.CircuitBreaker;
import io.tiercache.core.internal.EventRelay;
import io.tiercache.core.internal.KeyStripes;
import io.tiercache.core.internal.NegativeCache;
import io.tiercache.core.internal.Tier;
import io.tiercache.core.internal.TierSettings;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationListener;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A cache made of tiers: an in-process L1 in front of bigger, slower or shared tiers.
 *
 * <pre>{@code
 * TieredCache<String> cache = TieredCache.builder(ValueCodec.utf8())
 *     .tiers("caffeine://?maximumSize=10000 | redis://localhost:6379/0?ttl=1h")
 *     .build();
 * String page = cache.get("page:42", key -> render(key));
 * }</pre>
 *
 * <h2>Reads</h2>
 *
 * Tiers are read in order; the first that holds the key answers. A hit at a lower tier is
 * offered to the {@link PromotionStrategy} of each tier above, and copied into those that accept
 * it with its remaining lifetime (a stale entry stays stale). An L1 hit in an in-process tier
 * costs no future and no thread hop. A failing, slow or broken-off tier is read as a miss.
 *
 * <h2>Writes</h2>
 *
 * {@link WritePolicy#WRITE_THROUGH} writes every tier, the lowest first, except upper tiers
 * whose promotion strategy declines the write ({@link PromotionStrategy#admitWrite}; the built-in
 * default may, when the workload favours filling that tier by promotion);
 * {@link WritePolicy#WRITE_AROUND} writes the lowest tier only. A tier skipped either way, or by
 * an entry larger than its {@code maxEntrySize}, has its old copy of the key removed. A failed
 * write to a tier is dropped and counted; the put fails only when no tier took it.
 *
 * <h2>No resurrection</h2>
 *
 * Once {@link #invalidate}, a newer put or an {@link #invalidateByTag} covering a key has
 * completed, no read returns the older value from any tier, even when a promotion of it was in
 * flight: promotions into in-process tiers are checked against the key's generation atomically
 * with the write, and reads that go below L1 are validated against concurrent mutations (see the
 * package's internals). Reads, writes and invalidations of this cache are linearizable as long as
 * every tier that receives promotions is in-process; a promotion into a remote middle tier is
 * checked again after its write and undone if it raced.
 *
 * <h2>Loading</h2>
 *
 * {@link #get(String, Function)} runs the loader once per key at a time in this JVM however many
 * callers miss together, writes the result down the stack, and caches a loader's "absent" (a
 * {@code null}) for the negative TTL. A value loaded while the key was written or invalidated is
 * returned to its callers but not stored. A stale entry (past its TTL, inside its stale window)
 * is returned at once and refreshed once in the background; a failed refresh keeps it until its
 * stale window ends.
 *
 * <h2>Coherence</h2>
 *
 * When a shared tier offers an {@link InvalidationBus} and a local tier sits above it, the cache
 * publishes its writes and invalidations and evicts its local tiers on messages from other
 * processes; when the bus loses or regains its connection the local tiers are cleared.
 *
 * <p>Safe for concurrent use. Owns its tiers: {@link #close()} closes them.
 *
 * <p>The futures of the asynchronous methods may complete on a tier's I/O thread (a Redis tier's
 * replies complete there, as Lettuce's do), and so may continuations attached to them: a
 * continuation that blocks, or waits for another call to the cache, must run on an executor of
 * its own ({@code thenApplyAsync(fn, executor)}). The synchronous methods have no such limit.
 *
 * @param <V> the value type
 */
public final class TieredCache<V> implements CacheBackend<V> {

  private final String name;
  private final List<Tier<V>> tiers;
  private final Tier<V> top;
  private final ValueCodec<V> codec;
  private final TierClock clock;
  private final WritePolicy writePolicy;
  private final Duration defaultTtl;
  private final Duration defaultStaleFor;
  private final Duration negativeTtl;
  private final KeyStripes stripes;
  private final NegativeCache negatives;
  private final ConcurrentHashMap<String, CompletableFuture<@Nullable V>> inFlight =
      new ConcurrentHashMap<>();
  private final Executor executor;
  private final boolean anyLimit;
  private final BackendCapabilities capabilities;
  private final String origin = UUID.randomUUID().toString();
  private final @Nullable InvalidationBus bus;
  private final @Nullable AutoCloseable subscription;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private final LongAdder negativeHits = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder refreshFailures = new LongAdder();
  private final LongAdder discardedLoads = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder coherenceEvictions = new LongAdder();
  private final LongAdder coherenceClears = new LongAdder();

  private TieredCache(Builder<V> builder, List<Tier<V>> tiers, @Nullable InvalidationBus bus) {
    this.tiers = List.copyOf(tiers);
    this.top = tiers.get(0);
    this.codec = builder.codec;
    this.clock = builder.clock;
    this.writePolicy = builder.writePolicy;
    this.defaultTtl = builder.defaultTtl;
    this.defaultStaleFor = builder.defaultStaleFor;
    this.negativeTtl = builder.negativeTtl;
    this.stripes = new KeyStripes(builder.stripes);
    this.negatives = new NegativeCache(builder.negativeSlots);
    this.executor = builder.executor;
    this.name = "tiered" + tiers;
    boolean limit = false;
    for (Tier<V> tier : tiers) {
      limit |= tier.maxEntryBytes() < Long.MAX_VALUE;
    }
    this.anyLimit = limit;
    this.capabilities = combinedCapabilities(tiers);
    this.bus = bus;
    this.subscription = bus == null ? null : bus.subscribe(new Coherence());
  }

  /**
   * Starts building a cache.
   *
   * @param codec turns values into bytes for the tiers that store bytes
   * @param <V> the value type
   * @return a builder
   */
  public static <V> Builder<V> builder(ValueCodec<V> codec) {
    return new Builder<>(codec);
  }

  // ===============================================================================================
  // Value-level API

  /**
   * Returns the value under a key if some tier holds it, fresh or stale, without loading.
   *
   * @param key the key
   * @return the value, or {@code null} on a miss
   * @throws IllegalStateException if the cache is closed
   */
  public @Nullable V getIfPresent(String key) {
    checkKey(key);
    long now = clock.millis();
    CacheEntry<V> entry = readTopSync(key, now);
    if (entry == null) {
      int stripe = stripes.stripe(key);
      entry = readRestSync(key, stripe, stripes.generation(stripe), now);
    }
    return entry == null ? null : entry.value();
  }

  /**
   * Returns the value under a key, loading it on a miss. The loader runs once per key at a time
   * however many callers miss together; the others wait for its result. A {@code null} from the
   * loader means "absent" and is remembered for the negative TTL. A stale hit returns at once and
   * refreshes the entry once in the background.
   *
   * @param key the key
   * @param loader computes the value of a key, or {@code null} if there is none; runs on the
   *     calling thread (refreshes run on the cache's executor)
   * @return the value, or {@code null} if the loader found none
   * @throws RuntimeException what the loader threw, to the callers waiting on that load only
   * @throws IllegalStateException if the cache is closed
   */
  public @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader) {
    Objects.requireNonNull(loader, "loader must not be null");
    checkKey(key);
    // Observed before the first tier is read: a load started from here writes only if no
    // mutation of the key began since, so it cannot overwrite a write that completed after the
    // top tier missed. One clock reading serves the whole call.
    int stripe = stripes.stripe(key);
    long observed = stripes.generation(stripe);
    long now = clock.millis();
    CacheEntry<V> entry = readTopSync(key, now);
    if (entry == null) {
      entry = readRestSync(key, stripe, observed, now);
    }
    if (entry != null) {
      if (!entry.isFresh(now)) {
        refresh(key, k -> CompletableFuture.supplyAsync(() -> loader.apply(k), executor));
      }
      return entry.value();
    }
    if (negatives.isAbsent(key, now)) {
      negativeHits.increment();
      return null;
    }
    return join(load(key, observed, k -> completedOrFailed(() -> loader.apply(k))));
  }

  /**
   * Returns the value under a key if some tier holds it, without loading.
   *
   * @param key the key
   * @return a future of the value, or of {@code null} on a miss
   * @throws IllegalStateException if the cache is closed
   */
  public CompletableFuture<@Nullable V> getAsync(String key) {
    return get(key).thenApply(entry -> entry == null ? null : entry.value());
  }

  /**
   * Returns the value under a key, loading it asynchronously on a miss, with the guarantees of
   * {@link #get(String, Function)}.
   *
   * @param key the key
   * @param loader starts loading a key's value; its stage completes with the value or
   *     {@code null} for absent
   * @return a future of the value
   * @throws IllegalStateException if the cache is closed
   */
  public CompletableFuture<@Nullable V> getAsync(
      String key, Function<? super String, ? extends CompletionStage<@Nullable V>> loader) {
    Objects.requireNonNull(loader, "loader must not be null");
    checkKey(key);
    Function<String, CompletableFuture<@Nullable V>> start =
        k -> {
          try {
            return loader.apply(k).toCompletableFuture();
          } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
          }
        };
    long observed = stripes.generation(stripes.stripe(key));
    return get(key)
        .thenCompose(
            entry -> {
              long now = clock.millis();
              if (entry != null) {
                if (!entry.isFresh(now)) {
                  refresh(key, start);
                }
                return CompletableFuture.completedFuture(entry.value());
              }
              if (negatives.isAbsent(key, now)) {
                negativeHits.increment();
                return CompletableFuture.completedFuture(null);
              }
              return load(key, observed, start);
            });
  }

  /**
   * Returns the values under several keys, loading the missing ones with one call of a bulk
   * loader.
   *
   * @param keys the keys
   * @param bulkLoader given the keys no tier holds (and not known absent), returns the values it
   *     found; keys it leaves out are absent and remembered as such for the negative TTL
   * @return the values found or loaded, by key, in the order of {@code keys}
   * @throws RuntimeException what the bulk loader threw
   * @throws IllegalStateException if the cache is closed
   */
  public Map<String, V> getAll(
      Collection<String> keys,
      Function<? super Set<String>, ? extends Map<String, ? extends V>> bulkLoader) {
    Objects.requireNonNull(bulkLoader, "bulkLoader must not be null");
    Set<String> wanted = checkKeys(keys);
    Map<String, CacheEntry<V>> found = join(getAll(wanted));
    long now = clock.millis();
    Map<String, V> result = new LinkedHashMap<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String key : wanted) {
      CacheEntry<V> entry = found.get(key);
      if (entry != null) {
        result.put(key, entry.value());
      } else if (negatives.isAbsent(key, now)) {
        negativeHits.increment();
      } else {
        missing.add(key);
      }
    }
    if (missing.isEmpty()) {
      return result;
    }
    Map<String, Long> generations = new HashMap<>();
    for (String key : missing) {
      generations.put(key, join(stableGeneration(stripes.stripe(key))));
    }
    long start = clock.nanoTime();
    Map<String, ? extends V> loaded;
    try {
      loaded = bulkLoader.apply(Set.copyOf(missing));
    } catch (RuntimeException e) {
      loadFailures.increment();
      throw e;
    } finally {
      loadNanos.add(clock.nanoTime() - start);
    }
    loads.increment();
    Map<String, @Nullable V> values = new LinkedHashMap<>();
    for (String key : missing) {
      V value = loaded == null ? null : loaded.get(key);
      values.put(key, value);
      if (value != null) {
        result.put(key, value);
      }
    }
    // One mutation of every stripe covered: stored one by one, a key would count the store of
    // another key of its stripe as a conflicting write and discard its own value.
    int[] covered = missing.stream().mapToInt(stripes::stripe).toArray();
    join(
        stripes.mutateAll(
            covered,
            () -> {
              CompletableFuture<Void> stored = CompletableFuture.completedFuture(null);
              for (Map.Entry<String, @Nullable V> loadedEntry : values.entrySet()) {
                String key = loadedEntry.getKey();
                stored =
                    stored.thenCompose(
                        ignored ->
                            storeIfUnchanged(
                                key, generations.get(key), loadedEntry.getValue()));
              }
              return stored;
            }));
    return orderedBy(wanted, result);
  }

  /**
   * Stores a value with the stack's default TTL and stale window (or each tier's own
   * {@code ttl}) and no tags, and waits until every tier took it or dropped it.
   *
   * @param key the key
   * @param value the value
   * @throws TierAccessException if no tier took the write
   * @throws IllegalStateException if the cache is closed
   */
  public void put(String key, V value) {
    join(putAsync(key, value, null, null, Set.of()));
  }

  /**
   * Stores a value with a TTL and tags, and waits until every tier took it or dropped it.
   *
   * @param key the key
   * @param value the value
   * @param ttl how long it is fresh; a tier's own {@code ttl} caps it
   * @param tags labels for {@link #invalidateByTag}
   * @throws TierAccessException if no tier took the write
   * @throws IllegalStateException if the cache is closed
   */
  public void put(String key, V value, Duration ttl, Set<String> tags) {
    join(putAsync(key, value, Objects.requireNonNull(ttl, "ttl must not be null"), null, tags));
  }

  /**
   * Stores a value with a TTL, a stale window and tags.
   *
   * @param key the key
   * @param value the value
   * @param ttl how long it is fresh, or {@code null} for the defaults
   * @param staleFor how long it may be served stale after that, or {@code null} for the defaults
   * @param tags labels for {@link #invalidateByTag}
   * @return a future completed when every tier took the write or dropped it; failed with
   *     {@link TierAccessException} if no tier took it
   * @throws IllegalStateException if the cache is closed
   */
  public CompletableFuture<Void> putAsync(
      String key, V value, @Nullable Duration ttl, @Nullable Duration staleFor,
      Set<String> tags) {
    checkKey(key);
    Objects.requireNonNull(value, "value must not be null");
    Objects.requireNonNull(tags, "tags must not be null");
    long now = clock.millis();
    Function<Tier<V>, CacheEntry<V>> entryFor =
        tier -> {
          Duration fresh = ttl != null ? ttl : tier.ttl() != null ? tier.ttl() : defaultTtl;
          Duration stale =
              staleFor != null ? staleFor
                  : tier.staleFor() != null ? tier.staleFor() : defaultStaleFor;
          return tier.fit(CacheEntry.of(value, now, fresh, stale, tags), now);
        };
    int stripe = stripes.stripe(key);
    return stripes.mutate(stripe, () -> writeAll(key, value, entryFor, now));
  }

  /**
   * Returns a snapshot of the counters.
   *
   * @return the statistics
   */
  public CacheStats stats() {
    List<TierStats> snapshot = new ArrayList<>(tiers.size());
    for (Tier<V> tier : tiers) {
      snapshot.add(tier.stats());
    }
    return new CacheStats(
        snapshot,
        loads.sum(),
        loadFailures.sum(),
        Duration.ofNanos(loadNanos.sum()),
        negativeHits.sum(),
        refreshes.sum(),
        refreshFailures.sum(),
        discardedLoads.sum(),
        publishFailures.sum(),
        coherenceEvictions.sum(),
        coherenceClears.sum());
  }

  /**
   * Returns the promotion strategy of a tier, for inspection.
   *
   * @param level the tier's position, 1 for L1
   * @return the strategy, or empty for the lowest tier
   */
  public Optional<PromotionStrategy> promotionStrategy(int level) {
    return Optional.ofNullable(tiers.get(level - 1).strategy());
  }

  /**
   * Returns the id this cache puts on the invalidations it publishes.
   *
   * @return the origin id
   */
  public String origin() {
    return origin;
  }

  /**
   * Returns the bus this cache keeps its local tiers coherent with, if any.
   *
   * @return the bus
   */
  @Override
  public Optional<InvalidationBus> invalidationBus() {
    return Optional.ofNullable(bus);
  }

  // ===============================================================================================
  // CacheBackend (entry-level API)

  @Override
  public String name() {
    return name;
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  /**
   * Reads the entry under a key through the tiers, promoting it as the strategies decide.
   *
   * @param key the key
   * @return a future of the entry (fresh or stale), or of {@code null} on a miss
   */
  @Override
  public CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    checkKey(key);
    ensureOpen();
    int stripe = stripes.stripe(key);
    long generation = stripes.generation(stripe);
    long now = clock.millis();
    if (top.isLocal()) {
      CacheEntry<V> hit = top.readLocal(key, now);
      recordAccess(0, key, hit != null, now);
      if (hit != null) {
        return CompletableFuture.completedFuture(hit);
      }
      if (tiers.size() == 1) {
        return CompletableFuture.completedFuture(null);
      }
      return readBelow(key, stripe, generation, 1, now, 0);
    }
    return readBelow(key, stripe, generation, 0, now, 0);
  }

  @Override
  public CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Set<String> wanted = checkKeys(keys);
    Map<String, CompletableFuture<@Nullable CacheEntry<V>>> reads = new LinkedHashMap<>();
    for (String key : wanted) {
      reads.put(key, get(key));
    }
    return CompletableFuture.allOf(reads.values().toArray(CompletableFuture<?>[]::new))
        .thenApply(
            done -> {
              Map<String, CacheEntry<V>> found = new LinkedHashMap<>();
              reads.forEach(
                  (key, read) -> {
                    CacheEntry<V> entry = read.join();
                    if (entry != null) {
                      found.put(key, entry);
                    }
                  });
              return found;
            });
  }

  /**
   * Writes an entry, with its absolute expiry, to the tiers as the write policy says; each tier's
   * {@code ttl} and {@code staleFor} cap it.
   *
   * @param key the key
   * @param entry the entry
   * @return a future completed when every tier took the write or dropped it
   */
  @Override
  public CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    checkKey(key);
    Objects.requireNonNull(entry, "entry must not be null");
    long now = clock.millis();
    return stripes.mutate(
        stripes.stripe(key), () -> writeAll(key, entry.value(), t -> t.fit(entry, now), now));
  }

  @Override
  public CompletableFuture<Boolean> invalidate(String key) {
    checkKey(key);
    ensureOpen();
    return stripes.mutate(
        stripes.stripe(key),
        () ->
            removeEverywhere(key, tiers)
                .thenCompose(
                    removed ->
                        publish(Invalidation.Kind.KEYS, List.of(key))
                            .thenApply(ignored -> removed)));
  }

  @Override
  public CompletableFuture<Set<String>> invalidateByTag(String tag) {
    CacheEntry.checkTag(tag);
    ensureOpen();
    return removeByTag(tag, tiers, true);
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    CacheEntry.checkTag(tag);
    ensureOpen();
    List<CompletableFuture<Set<String>>> lists = new ArrayList<>();
    for (Tier<V> tier : tiers) {
      lists.add(tier.keysByTag(tag));
    }
    return union(lists);
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    ensureOpen();
    List<CompletableFuture<Set<String>>> lists = new ArrayList<>();
    for (Tier<V> tier : tiers) {
      lists.add(tier.tags());
    }
    return union(lists);
  }

  @Override
  public CompletableFuture<Void> clear() {
    ensureOpen();
    return stripes.mutateEverything(
        () ->
            clearTiers(tiers).thenCompose(ignored -> publish(Invalidation.Kind.CLEAR, List.of())));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        // Closing anyway; the bus is closed with its tier below.
      }
    }
    RuntimeException failure = null;
    for (int i = tiers.size() - 1; i >= 0; i--) {
      try {
        tiers.get(i).backend().close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return name;
  }

  // ===============================================================================================
  // Reads

  /**
   * Reads the top tier on the calling thread if it is in-process, costing no future.
   *
   * @return its hit; {@code null} on a miss, or at once if the top tier is remote
   */
  private @Nullable CacheEntry<V> readTopSync(String key, long now) {
    ensureOpen();
    if (!top.isLocal()) {
      return null;
    }
    CacheEntry<V> hit = top.readLocal(key, now);
    recordAccess(0, key, hit != null, now);
    return hit;
  }

  /**
   * Reads the rest of the stack after {@link #readTopSync} found nothing, blocking for it: the
   * tiers below an in-process top, or every tier under a remote one. {@code generation} must have
   * been read from the key's stripe before this read (for a read that may lead to a load, before
   * the top tier's read too).
   */
  private @Nullable CacheEntry<V> readRestSync(String key, int stripe, long generation, long now) {
    if (!top.isLocal()) {
      return join(get(key));
    }
    return tiers.size() == 1 ? null : join(readBelow(key, stripe, generation, 1, now, 0));
  }

  /**
   * Reads tiers {@code from} and below; on a hit, promotes; then validates that no mutation of the
   * key's stripe ran since {@code generation} was read, and reads again if one did.
   */
  private CompletableFuture<@Nullable CacheEntry<V>> readBelow(
      String key, int stripe, long generation, int from, long now, int attempt) {
    return readFrom(key, from, now)
        .thenCompose(
            found -> {
              if (found != null) {
                promote(key, found.entry, found.level, stripe, generation, now);
              }
              if (stripes.generation(stripe) == generation && KeyStripes.isStable(generation)) {
                return CompletableFuture.completedFuture(found == null ? null : found.entry);
              }
              return retry(key, stripe, attempt + 1);
            });
  }

  private CompletableFuture<@Nullable CacheEntry<V>> retry(String key, int stripe, int attempt) {
    if (attempt > 3) {
      // Mutations keep coming: read as a mutation of the stripe, which no other can overlap.
      return stripes.mutate(stripe, () -> readFrom(key, 0, clock.millis()))
          .thenApply(found -> found == null ? null : found.entry);
    }
    return stripes
        .idle(stripe)
        .thenCompose(
            ignored -> {
              long generation = stripes.generation(stripe);
              return readBelow(key, stripe, generation, 0, clock.millis(), attempt);
            });
  }

  /** Reads tiers from {@code from} down, stopping at the first hit. */
  private CompletableFuture<@Nullable Found<V>> readFrom(String key, int from, long now) {
    Tier<V> tier = tiers.get(from);
    return tier.read(key, now)
        .thenCompose(
            entry -> {
              if (from > 0 || !top.isLocal()) {
                recordAccess(from, key, entry != null, now);
              }
              if (entry != null) {
                return CompletableFuture.completedFuture(new Found<>(entry, from));
              }
              if (from + 1 >= tiers.size()) {
                return CompletableFuture.completedFuture(null);
              }
              return readFrom(key, from + 1, now);
            });
  }

  private void recordAccess(int level, String key, boolean hit, long now) {
    PromotionStrategy strategy = tiers.get(level).strategy();
    if (strategy != null) {
      strategy.recordAccess(key, hit, now);
    }
  }

  /** Offers a hit at {@code level} to the strategies of the tiers above it. */
  private void promote(
      String key, CacheEntry<V> entry, int level, int stripe, long generation, long now) {
    long size = -1;
    for (int i = 0; i < level; i++) {
      Tier<V> above = tiers.get(i);
      PromotionStrategy strategy = above.strategy();
      if (strategy == null || !strategy.shouldPromote(key, now)) {
        continue;
      }
      if (above.maxEntryBytes() < Long.MAX_VALUE) {
        if (size < 0) {
          size = codec.encodedSize(entry.value());
        }
        if (!above.fits(size)) {
          continue;
        }
      }
      CacheEntry<V> fitted = above.fit(entry, now);
      if (fitted.isGone(now)) {
        continue;
      }
      Tier<V> source = tiers.get(level);
      above
          .promote(
              key,
              fitted,
              () -> KeyStripes.isStable(generation) && stripes.generation(stripe) == generation)
          .thenAccept(
              promoted -> {
                if (promoted) {
                  source.countPromotionOut();
                }
              });
    }
  }

  // ===============================================================================================
  // Writes

  /** Writes a value to the tiers, lowest first, as a mutation of its stripe already started. */
  private CompletableFuture<Void> writeAll(
      String key, V value, Function<Tier<V>, CacheEntry<V>> entryFor, long now) {
    ensureOpen();
    long size = anyLimit ? codec.encodedSize(value) : -1;
    CompletableFuture<Integer> taken = CompletableFuture.completedFuture(0);
    for (int i = tiers.size() - 1; i >= 0; i--) {
      Tier<V> tier = tiers.get(i);
      boolean lowest = i == tiers.size() - 1;
      taken =
          taken.thenCompose(
              count -> {
                if ((writePolicy == WritePolicy.WRITE_AROUND && !lowest)
                    || (size >= 0 && !tier.fits(size))
                    || (!lowest && !admitsWrite(tier, key, now))) {
                  return tier.remove(key).thenApply(ignored -> count);
                }
                CacheEntry<V> entry = entryFor.apply(tier);
                if (entry.isGone(now)) {
                  // Already gone: the tier's answer is to drop the old copy, which counts as taken.
                  return tier.remove(key).thenApply(ignored -> count + 1);
                }
                return tier.write(key, entry).thenApply(written -> written ? count + 1 : count);
              });
    }
    return taken.thenCompose(
        count -> {
          forgetKey(key);
          CompletableFuture<Void> published = publish(Invalidation.Kind.KEYS, List.of(key));
          if (count == 0 && !allSkippedBySize(size)) {
            return published.thenCompose(
                ignored ->
                    CompletableFuture.failedFuture(
                        new TierAccessException(
                            name, "no tier took the write of key '" + key + "'")));
          }
          return published;
        });
  }

  /** Asks an upper tier's strategy whether a write-through write goes into it. */
  private static <V> boolean admitsWrite(Tier<V> tier, String key, long now) {
    PromotionStrategy strategy = tier.strategy();
    return strategy == null || strategy.admitWrite(key, now);
  }

  /** Tells whether every tier the write policy writes to is too small for the entry. */
  private boolean allSkippedBySize(long size) {
    if (size < 0) {
      return false;
    }
    int first = writePolicy == WritePolicy.WRITE_AROUND ? tiers.size() - 1 : 0;
    for (int i = first; i < tiers.size(); i++) {
      if (size <= tiers.get(i).maxEntryBytes()) {
        return false;
      }
    }
    return true;
  }

  private CompletableFuture<Boolean> removeEverywhere(String key, List<Tier<V>> from) {
    CompletableFuture<Boolean> removed = CompletableFuture.completedFuture(Boolean.FALSE);
    for (int i = from.size() - 1; i >= 0; i--) {
      Tier<V> tier = from.get(i);
      removed = removed.thenCompose(any -> tier.remove(key).thenApply(r -> any || r));
    }
    return removed.thenApply(
        any -> {
          forgetKey(key);
          return any;
        });
  }

  private CompletableFuture<Set<String>> removeByTag(
      String tag, List<Tier<V>> from, boolean publish) {
    List<CompletableFuture<Set<String>>> lists = new ArrayList<>();
    for (Tier<V> tier : from) {
      lists.add(tier.keysByTag(tag));
    }
    return union(lists)
        .thenCompose(
            keys -> {
              int[] covered = keys.stream().mapToInt(stripes::stripe).distinct().toArray();
              return removeTagged(tag, from, covered, new HashSet<>());
            })
        .thenCompose(
            all -> {
              for (String key : all) {
                forgetKey(key);
              }
              CompletableFuture<Void> published =
                  publish
                      ? publish(Invalidation.Kind.TAGS, List.of(tag))
                      : CompletableFuture.completedFuture(null);
              return published.thenApply(ignored -> Set.copyOf(all));
            });
  }

  /**
   * Removes the entries carrying a tag from the tiers, lowest first, as one mutation of the
   * stripes {@code covered} (of every stripe if it is empty). A key may take the tag after its
   * stripes were chosen (a put that completed meanwhile); the tiers remove it too, but without its
   * stripe's mutation a promotion of its old value could land after the removal. So while the
   * removal finds keys outside {@code covered}, it runs again over their stripes as well: that
   * mutation fails every promotion read before it, and removes any that landed in between (a
   * promoted entry carries the tag). Each round covers more stripes, so the rounds end.
   */
  private CompletableFuture<Set<String>> removeTagged(
      String tag, List<Tier<V>> from, int[] covered, Set<String> removedSoFar) {
    Supplier<CompletableFuture<Set<String>>> action =
        () -> {
          CompletableFuture<Set<String>> removed =
              CompletableFuture.completedFuture(new HashSet<>());
          for (int i = from.size() - 1; i >= 0; i--) {
            Tier<V> tier = from.get(i);
            removed =
                removed.thenCompose(
                    all ->
                        tier.removeByTag(tag)
                            .thenApply(
                                some -> {
                                  all.addAll(some);
                                  return all;
                                }));
          }
          return removed;
        };
    CompletableFuture<Set<String>> round =
        covered.length == 0 ? stripes.mutateEverything(action) : stripes.mutateAll(covered, action);
    return round.thenCompose(
        removed -> {
          removedSoFar.addAll(removed);
          if (covered.length == 0) {
            return CompletableFuture.completedFuture(removedSoFar);
          }
          Set<Integer> known = new HashSet<>();
          for (int stripe : covered) {
            known.add(stripe);
          }
          int[] wider =
              IntStream.concat(
                      Arrays.stream(covered),
                      removed.stream().mapToInt(stripes::stripe).filter(s -> !known.contains(s)))
                  .distinct()
                  .toArray();
          if (wider.length == covered.length) {
            return CompletableFuture.completedFuture(removedSoFar);
          }
          return removeTagged(tag, from, wider, removedSoFar);
        });
  }

  private CompletableFuture<Void> clearTiers(List<Tier<V>> from) {
    CompletableFuture<Void> cleared = CompletableFuture.completedFuture(null);
    for (int i = from.size() - 1; i >= 0; i--) {
      Tier<V> tier = from.get(i);
      cleared = cleared.thenCompose(ignored -> tier.clear().thenApply(done -> null));
    }
    return cleared.thenApply(
        ignored -> {
          negatives.clear();
          for (Tier<V> tier : tiers) {
            PromotionStrategy strategy = tier.strategy();
            if (strategy != null) {
              strategy.clear();
            }
          }
          return null;
        });
  }

  private void forgetKey(String key) {
    negatives.forget(key);
    for (Tier<V> tier : tiers) {
      PromotionStrategy strategy = tier.strategy();
      if (strategy != null) {
        strategy.forget(key);
      }
    }
  }

  // ===============================================================================================
  // Loading

  /**
   * Loads a key once at a time in this JVM, and stores the result unless the key changed.
   * {@code observed} is the key's stripe generation read before the caller's read that missed.
   */
  private CompletableFuture<@Nullable V> load(
      String key, long observed, Function<String, CompletableFuture<@Nullable V>> loader) {
    CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable V> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    int stripe = stripes.stripe(key);
    // Nothing here blocks: load() also runs inside continuations, on the threads of a remote
    // tier's client, which must never wait for that same client.
    CompletableFuture<Boolean> needed;
    if (stripes.generation(stripe) != observed) {
      // The stripe changed since the caller's read began: another caller's load may have stored
      // the key and left in between. Read again, so that callers who missed together load once.
      needed =
          get(key)
              .handle(
                  (entry, failure) -> {
                    if (failure != null) {
                      return Boolean.TRUE; // a failed read is a miss: load
                    }
                    boolean absent = entry == null && negatives.isAbsent(key, clock.millis());
                    if (entry == null && !absent) {
                      return Boolean.TRUE;
                    }
                    if (absent) {
                      negativeHits.increment();
                    }
                    inFlight.remove(key, mine);
                    mine.complete(entry == null ? null : entry.value());
                    return Boolean.FALSE;
                  });
    } else {
      needed = CompletableFuture.completedFuture(Boolean.TRUE);
    }
    needed
        .thenCompose(
            go -> {
              CompletableFuture<Long> generation =
                  go ? stableGeneration(stripe) : CompletableFuture.completedFuture(-1L);
              return generation;
            })
        .whenComplete(
            (generation, failure) -> {
              if (failure != null) {
                inFlight.remove(key, mine);
                mine.completeExceptionally(unwrap(failure));
              } else if (generation >= 0) {
                runLoad(key, generation, loader, mine, false);
              }
            });
    return mine;
  }

  /** Refreshes a stale key in the background, once at a time; a failure keeps the stale entry. */
  private void refresh(String key, Function<String, CompletableFuture<@Nullable V>> loader) {
    CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
    if (inFlight.putIfAbsent(key, mine) != null) {
      return;
    }
    refreshes.increment();
    stableGeneration(stripes.stripe(key))
        .whenComplete(
            (generation, failure) -> {
              if (failure != null) {
                inFlight.remove(key, mine);
                mine.completeExceptionally(unwrap(failure));
              } else {
                runLoad(key, generation, loader, mine, true);
              }
            });
  }

  /**
   * Runs a loader that holds the key's in-flight slot, stores its result unless the key changed
   * since {@code generation}, then frees the slot and completes {@code mine}.
   */
  private void runLoad(
      String key,
      long generation,
      Function<String, CompletableFuture<@Nullable V>> loader,
      CompletableFuture<@Nullable V> mine,
      boolean isRefresh) {
    long start = clock.nanoTime();
    CompletableFuture<@Nullable V> loading;
    try {
      loading = loader.apply(key);
    } catch (Throwable e) {
      loading = CompletableFuture.failedFuture(e);
    }
    loading.whenComplete(
        (value, failure) -> {
          if (!isRefresh) {
            loadNanos.add(clock.nanoTime() - start);
          }
          if (failure != null) {
            (isRefresh ? refreshFailures : loadFailures).increment();
            inFlight.remove(key, mine);
            mine.completeExceptionally(unwrap(failure));
            return;
          }
          if (!isRefresh) {
            loads.increment();
          }
          storeLoaded(key, generation, value)
              .whenComplete(
                  (ignored, storeFailure) -> {
                    inFlight.remove(key, mine);
                    mine.complete(value);
                  });
        });
  }

  /**
   * Stores a loaded value (or remembers its absence) as a mutation of its stripe, only if no
   * other mutation of the stripe ran since the load started.
   */
  private CompletableFuture<Void> storeLoaded(String key, long generation, @Nullable V value) {
    return stripes.mutate(stripes.stripe(key), () -> storeIfUnchanged(key, generation, value));
  }

  /**
   * Stores a loaded value (or remembers its absence), inside a mutation of the key's stripe that
   * has started, only if no other mutation of the stripe ran since the load started.
   */
  private CompletableFuture<Void> storeIfUnchanged(
      String key, long generation, @Nullable V value) {
    // The running mutation made the generation odd: one more than when the load began, unless
    // another mutation ran in between.
    if (stripes.generation(stripes.stripe(key)) != generation + 1) {
      discardedLoads.increment();
      return CompletableFuture.completedFuture(null);
    }
    long now = clock.millis();
    if (value == null) {
      // The key has no value any more: a stale copy must not outlive the answer. The removal
      // forgets what is known of the key, so the absence is remembered after it.
      return removeEverywhere(key, tiers)
          .thenApply(
              ignored -> {
                if (!negativeTtl.isZero()) {
                  negatives.put(key, now + negativeTtl.toMillis());
                }
                return null;
              });
    }
    Function<Tier<V>, CacheEntry<V>> entryFor =
        tier -> {
          Duration fresh = tier.ttl() != null ? tier.ttl() : defaultTtl;
          Duration stale = tier.staleFor() != null ? tier.staleFor() : defaultStaleFor;
          return CacheEntry.of(value, now, fresh, stale, Set.of());
        };
    return writeAll(key, value, entryFor, now).exceptionally(failure -> null);
  }

  /** Returns, without blocking, the stripe's generation once no mutation of it runs. */
  private CompletableFuture<Long> stableGeneration(int stripe) {
    long generation = stripes.generation(stripe);
    if (KeyStripes.isStable(generation)) {
      return CompletableFuture.completedFuture(generation);
    }
    return stripes.idle(stripe).thenCompose(ignored -> stableGeneration(stripe));
  }

  // ===============================================================================================
  // Coherence

  private CompletableFuture<Void> publish(Invalidation.Kind kind, List<String> items) {
    InvalidationBus target = bus;
    if (target == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> published;
    try {
      published = target.publish(new Invalidation(origin, kind, items));
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    return published.handle(
        (ignored, failure) -> {
          if (failure != null) {
            publishFailures.increment();
          }
          return null;
        });
  }

  /** Evicts the local tiers on other processes' messages; clears them when the bus drops. */
  private final class Coherence implements InvalidationListener {
    private final List<Tier<V>> locals;

    Coherence() {
      List<Tier<V>> found = new ArrayList<>();
      for (Tier<V> tier : tiers) {
        if (!tier.capabilities().shared()) {
          found.add(tier);
        }
      }
      this.locals = List.copyOf(found);
    }

    @Override
    public void onInvalidation(Invalidation message) {
      if (message.origin().equals(origin) || closed.get()) {
        return;
      }
      switch (message.kind()) {
        case KEYS:
          for (String key : message.items()) {
            stripes.mutate(stripes.stripe(key), () -> removeEverywhere(key, locals))
                .thenAccept(
                    removed -> {
                      if (removed) {
                        coherenceEvictions.increment();
                      }
                    });
          }
          break;
        case TAGS:
          for (String tag : message.items()) {
            removeByTag(tag, locals, false)
                .thenAccept(removed -> coherenceEvictions.add(removed.size()));
          }
          break;
        default:
          clearLocals();
          break;
      }
    }

    @Override
    public void onConnectionLost() {
      clearLocals();
    }

    @Override
    public void onReconnected() {
      clearLocals();
    }

    private void clearLocals() {
      if (closed.get()) {
        return;
      }
      coherenceClears.increment();
      stripes.mutateEverything(() -> clearTiers(locals));
    }
  }

  // ===============================================================================================
  // Helpers

  private static <T> CompletableFuture<T> completedOrFailed(Supplier<T> supplier) {
    try {
      return CompletableFuture.completedFuture(supplier.get());
    } catch (Throwable e) {
      // Errors too: the callers waiting on this load must see it, and the key must not stay
      // marked as loading.
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CompletableFuture<Set<String>> union(List<CompletableFuture<Set<String>>> sets) {
    return CompletableFuture.allOf(sets.toArray(CompletableFuture<?>[]::new))
        .thenApply(
            done -> {
              Set<String> all = new LinkedHashSet<>();
              for (CompletableFuture<Set<String>> set : sets) {
                all.addAll(set.join());
              }
              return Set.copyOf(all);
            });
  }

  private static <V> Map<String, V> orderedBy(Set<String> order, Map<String, V> values) {
    Map<String, V> ordered = new LinkedHashMap<>();
    for (String key : order) {
      V value = values.get(key);
      if (value != null) {
        ordered.put(key, value);
      }
    }
    return ordered;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Waits for a future, rethrowing its failure as it was thrown. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key must not be null");
    // The cached hash first: the empty key hashes to 0, and reading the hash does not touch the
    // key's characters, which an L1 hit (a hash lookup that finds the same key instance) never
    // reads either. Only a key whose hash is 0 has its length read.
    if (key.hashCode() == 0 && key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  private static Set<String> checkKeys(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    Set<String> distinct = new LinkedHashSet<>();
    for (String key : keys) {
      checkKey(key);
      distinct.add(key);
    }
    return distinct;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("cache '" + name + "' is closed");
    }
  }

  private static <V> BackendCapabilities combinedCapabilities(List<Tier<V>> tiers) {
    boolean shared = false;
    boolean tags = true;
    boolean persistent = false;
    boolean bytes = false;
    boolean clock = true;
    long maxEntry = 1;
    for (Tier<V> tier : tiers) {
      BackendCapabilities c = tier.capabilities();
      shared |= c.shared();
      tags &= c.tags();
      persistent |= c.persistent();
      bytes |= c.storesBytes();
      clock &= c.honoursClock();
      maxEntry = Math.max(maxEntry, tier.maxEntryBytes());
    }
    BackendCapabilities top = tiers.get(0).capabilities();
    BackendCapabilities.Builder builder =
        shared ? BackendCapabilities.remote() : BackendCapabilities.inProcess();
    return builder
        .tags(tags)
        .persistent(persistent)
        .storesBytes(bytes)
        .honoursClock(clock)
        .admitsByFrequency(top.admitsByFrequency())
        .maxEntryBytes(maxEntry)
        .build();
  }

  /** A hit: the entry and the index of the tier that held it. */
  private static final class Found<V> {
    final CacheEntry<V> entry;
    final int level;

    Found(CacheEntry<V> entry, int level) {
      this.entry = entry;
      this.level = level;
    }
  }

  // ===============================================================================================
  // Builder

  /**
   * Builds a {@link TieredCache}: the tiers (as URIs, or as backends already open), the clock, the
   * default TTL, the write policy and the rest. {@link #build()} checks every tier before opening
   * any. Not safe for concurrent use.
   *
   * @param <V> the value type
   */
  public static final class Builder<V> {
    /** The strategy of tiers whose {@code promote} is not given. */
    private static final String DEFAULT_PROMOTION = "adaptive";

    private final ValueCodec<V> codec;
    private final List<Object> sources = new ArrayList<>();
    private BackendRegistry registry;
    private @Nullable PromotionStrategies strategies;
    private TierClock clock = TierClock.system();
    private WritePolicy writePolicy = WritePolicy.WRITE_THROUGH;
    private Duration defaultTtl = Duration.ofHours(1);
    private Duration defaultStaleFor = Duration.ZERO;
    private Duration negativeTtl = Duration.ofSeconds(10);
    private Duration defaultTimeout = Duration.ofMillis(500);
    private int breakerFailures = 5;
    private Duration breakerOpenFor = Duration.ofSeconds(5);
    private Executor executor = ForkJoinPool.commonPool();
    private int stripes = 4096;
    private int negativeSlots = 1024;
    private @Nullable InvalidationBus bus;
    private boolean coherence = true;

    private Builder(ValueCodec<V> codec) {
      this.codec = Objects.requireNonNull(codec, "codec must not be null");
      this.registry = BackendRegistry.load();
    }

    /**
     * Adds tiers written as a stack: URIs joined by {@code |}, upper tier first.
     *
     * @param stack the stack, such as {@code caffeine://?maximumSize=10000 | redis://localhost}
     * @return this builder
     */
    public Builder<V> tiers(String stack) {
      Objects.requireNonNull(stack, "stack must not be null");
      sources.add(stack);
      return this;
    }

    /**
     * Adds tiers written as a list of URIs, upper tier first.
     *
     * @param uris the tier URIs
     * @return this builder
     */
    public Builder<V> tiers(List<String> uris) {
      for (String uri : uris) {
        sources.add(new UriTier(Objects.requireNonNull(uri, "tier URI must not be null")));
      }
      return this;
    }

    /**
     * Adds a tier that is already open, with the common options given as a query string
     * ({@code promote=hit-count:2&ttl=5m}, or empty). The cache owns it from now on.
     *
     * @param backend the open tier
     * @param commonOptions common options, checked strictly
     * @return this builder
     */
    public Builder<V> tier(CacheBackend<V> backend, String commonOptions) {
      Objects.requireNonNull(backend, "backend must not be null");
      Objects.requireNonNull(commonOptions, "commonOptions must not be null");
      sources.add(new OpenTier<>(backend, commonOptions));
      return this;
    }

    /**
     * Adds a tier that is already open, with default common options.
     *
     * @param backend the open tier
     * @return this builder
     */
    public Builder<V> tier(CacheBackend<V> backend) {
      return tier(backend, "");
    }

    /**
     * Sets the registry that resolves tier URIs; {@link BackendRegistry#load()} by default.
     *
     * @param value the registry
     * @return this builder
     */
    public Builder<V> registry(BackendRegistry value) {
      this.registry = Objects.requireNonNull(value, "registry must not be null");
      return this;
    }

    /**
     * Sets the promotion strategies; the registry's by default.
     *
     * @param value the strategies
     * @return this builder
     */
    public Builder<V> promotionStrategies(PromotionStrategies value) {
      this.strategies = Objects.requireNonNull(value, "strategies must not be null");
      return this;
    }

    /**
     * Sets the clock of every tier and of the cache; the system clock by default.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder<V> clock(TierClock value) {
      this.clock = Objects.requireNonNull(value, "clock must not be null");
      return this;
    }

    /**
     * Sets which tiers writes go to; {@link WritePolicy#WRITE_THROUGH} by default.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder<V> writePolicy(WritePolicy value) {
      this.writePolicy = Objects.requireNonNull(value, "writePolicy must not be null");
      return this;
    }

    /**
     * Sets the TTL of writes that give none, in tiers without their own {@code ttl}; 1 hour by
     * default.
     *
     * @param value the TTL, positive
     * @return this builder
     */
    public Builder<V> defaultTtl(Duration value) {
      this.defaultTtl = positive("defaultTtl", value);
      return this;
    }

    /**
     * Sets the stale window of writes that give none, in tiers without their own
     * {@code staleFor}; none by default.
     *
     * @param value the window, not negative
     * @return this builder
     */
    public Builder<V> defaultStaleFor(Duration value) {
      this.defaultStaleFor = notNegative("defaultStaleFor", value);
      return this;
    }

    /**
     * Sets how long a loader's "absent" is remembered; 10 seconds by default, zero to disable.
     *
     * @param value the negative TTL, not negative
     * @return this builder
     */
    public Builder<V> negativeTtl(Duration value) {
      this.negativeTtl = notNegative("negativeTtl", value);
      return this;
    }

    /**
     * Sets the timeout of remote tiers that do not give their own {@code timeout}; 500 ms by
     * default.
     *
     * @param value the timeout, positive
     * @return this builder
     */
    public Builder<V> defaultTimeout(Duration value) {
      this.defaultTimeout = positive("defaultTimeout", value);
      return this;
    }

    /**
     * Sets each tier's circuit breaker: it opens after {@code failures} failures in a row and
     * lets a probe through after {@code openFor}; 5 failures and 5 seconds by default.
     *
     * @param failures failures in a row that open it; at least 1
     * @param openFor how long it stays open
     * @return this builder
     */
    public Builder<V> circuitBreaker(int failures, Duration openFor) {
      if (failures < 1) {
        throw new IllegalArgumentException("failures was " + failures + " but must be >= 1");
      }
      this.breakerFailures = failures;
      this.breakerOpenFor = positive("openFor", openFor);
      return this;
    }

    /**
     * Sets the executor of background refreshes; the common fork-join pool by default.
     *
     * @param value the executor
     * @return this builder
     */
    public Builder<V> executor(Executor value) {
      this.executor = Objects.requireNonNull(value, "executor must not be null");
      return this;
    }

    /**
     * Sets the bus this cache keeps its local tiers coherent with, instead of the one its shared
     * tier offers.
     *
     * @param value the bus
     * @return this builder
     */
    public Builder<V> invalidationBus(InvalidationBus value) {
      this.bus = Objects.requireNonNull(value, "bus must not be null");
      this.coherence = true;
      return this;
    }

    /**
     * Turns coherence across processes off or on (on by default when a shared tier offers a bus
     * and a local tier sits above it).
     *
     * @param enabled whether to publish and listen
     * @return this builder
     */
    public Builder<V> coherence(boolean enabled) {
      this.coherence = enabled;
      return this;
    }

    /**
     * Sets the number of key stripes that order mutations and guard promotions; 4096 by default.
     * More stripes mean fewer false conflicts between keys, at 16 bytes each.
     *
     * @param count the number of stripes, rounded up to a power of two
     * @return this builder
     */
    public Builder<V> stripes(int count) {
      if (count < 1 || count > (1 << 24)) {
        throw new IllegalArgumentException("stripes was " + count + " but must be 1 to 16777216");
      }
      this.stripes = count;
      return this;
    }

    /**
     * Checks every tier, then opens them in order and builds the cache. If a tier fails to open,
     * the tiers already opened are closed.
     *
     * @return the cache
     * @throws io.tiercache.config.InvalidTierUriException listing every problem of every tier
     * @throws IllegalStateException if no tier was given
     * @throws TierAccessException if a tier cannot be opened
     */
    public TieredCache<V> build() {
      PromotionStrategies promotion = strategies != null ? strategies
          : registry.promotionStrategies();
      List<Object> plan = new ArrayList<>();
      List<io.tiercache.config.InvalidTierUriException.TierProblems> failures = new ArrayList<>();
      int level = 1;
      for (Object source : sources) {
        if (source instanceof OpenTier) {
          plan.add(source);
          level++;
          continue;
        }
        List<String> texts;
        if (source instanceof String) {
          String stack = (String) source;
          if (stack.isBlank()) {
            TierUri.parseStack(stack); // throws the message for an empty stack
          }
          texts = List.of(stack.split("\\|", -1));
        } else {
          texts = List.of(((UriTier) source).uri);
        }
        // Checked at their depth in the whole stack, so that names and messages say L<n>; the
        // problems of every source are gathered and reported together.
        try {
          plan.addAll(registry.check(texts, level));
        } catch (io.tiercache.config.InvalidTierUriException e) {
          failures.addAll(e.tiers());
        }
        level += texts.size();
      }
      if (!failures.isEmpty()) {
        throw new io.tiercache.config.InvalidTierUriException(failures);
      }
      if (plan.isEmpty()) {
        throw new IllegalStateException("a tiered cache needs at least one tier; none was given");
      }
      List<TierOptions> optionsByTier = new ArrayList<>();
      for (Object item : plan) {
        if (item instanceof OpenTier) {
          optionsByTier.add(((OpenTier<?>) item).options());
        } else {
          optionsByTier.add(((TierSpec) item).options());
        }
      }
      checkPromoteOptions(optionsByTier, promotion);
      checkDistinctNames(plan, optionsByTier);
      List<Tier<V>> opened = new ArrayList<>();
      try {
        for (int i = 0; i < plan.size(); i++) {
          opened.add(open(plan.get(i), i + 1, plan.size(), optionsByTier.get(i), promotion));
        }
        InvalidationBus chosen = coherence ? chooseBus(opened) : null;
        return new TieredCache<>(this, opened, chosen);
      } catch (RuntimeException e) {
        for (int i = opened.size() - 1; i >= 0; i--) {
          try {
            opened.get(i).backend().close();
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    /** Tiers from different sources (stacks, lists, open tiers) must not share a name. */
    private static void checkDistinctNames(List<Object> plan, List<TierOptions> options) {
      Set<String> names = new HashSet<>();
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        Object item = plan.get(i);
        String tierName =
            item instanceof TierSpec
                ? ((TierSpec) item).name()
                : options.get(i).find(CommonOptions.NAME)
                    .orElse(((OpenTier<?>) item).backend.name());
        if (!names.add(tierName)) {
          problems.add(
              "tier L" + (i + 1) + ": name '" + tierName + "' is used by another tier of the"
                  + " stack; give each its own");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid tier stack:\n  " + String.join("\n  ", problems));
      }
    }

    private static void checkPromoteOptions(
        List<TierOptions> options, PromotionStrategies promotion) {
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < options.size(); i++) {
        Optional<String> promote = options.get(i).find(CommonOptions.PROMOTE);
        if (promote.isEmpty()) {
          continue;
        }
        if (i == options.size() - 1 && options.size() > 1) {
          problems.add(
              "tier L" + (i + 1) + ": promote is set on the lowest tier, which nothing is"
                  + " promoted into; set it on the tiers above");
          continue;
        }
        try {
          promotion.check(promote.get());
        } catch (IllegalArgumentException e) {
          problems.add(
              "tier L" + (i + 1) + ": promote was '" + promote.get() + "' but must be "
                  + e.getMessage());
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid tier stack:\n  " + String.join("\n  ", problems));
      }
    }

    @SuppressWarnings("unchecked") // an OpenTier added through tier(CacheBackend<V>) holds V
    private Tier<V> open(
        Object item, int level, int count, TierOptions options, PromotionStrategies promotion) {
      CacheBackend<V> backend;
      String tierName;
      if (item instanceof OpenTier) {
        backend = ((OpenTier<V>) item).backend;
        tierName = options.find(CommonOptions.NAME).orElse(backend.name());
      } else {
        TierSpec spec = (TierSpec) item;
        tierName = spec.name();
        EventRelay relay = new EventRelay();
        // Local tiers ignore it; remote ones configure their client with it.
        Duration timeout = options.find(CommonOptions.TIMEOUT).orElse(defaultTimeout);
        backend = registry.open(spec, codec, clock, relay, timeout);
        Tier<V> tier = build(level, count, tierName, backend, options, promotion);
        relay.connect(tier);
        return tier;
      }
      return build(level, count, tierName, backend, options, promotion);
    }

    private Tier<V> build(
        int level,
        int count,
        String tierName,
        CacheBackend<V> backend,
        TierOptions options,
        PromotionStrategies promotion) {
      BackendCapabilities capabilities = backend.capabilities();
      PromotionStrategy strategy = null;
      if (level < count) {
        PromotionContext context = new PromotionContext(tierName, capabilities, clock);
        String spec = options.find(CommonOptions.PROMOTE).orElse(DEFAULT_PROMOTION);
        strategy = promotion.create(spec, context);
      }
      Duration timeout =
          options.find(CommonOptions.TIMEOUT)
              .orElse(backend instanceof io.tiercache.spi.LocalCacheBackend ? Duration.ZERO
                  : defaultTimeout);
      TierSettings settings =
          new TierSettings(
              options.find(CommonOptions.TTL).orElse(null),
              options.find(CommonOptions.STALE_FOR).orElse(null),
              options.find(CommonOptions.MAX_ENTRY_SIZE).orElse(Long.MAX_VALUE),
              timeout,
              options.find(CommonOptions.PROMOTE).orElse(null));
      CircuitBreaker breaker = new CircuitBreaker(breakerFailures, breakerOpenFor.toNanos(), clock);
      return new Tier<>(level, tierName, backend, settings, strategy, breaker);
    }

    private @Nullable InvalidationBus chooseBus(List<Tier<V>> opened) {
      if (bus != null) {
        return bus;
      }
      boolean localAbove = false;
      for (Tier<V> tier : opened) {
        if (!tier.capabilities().shared()) {
          localAbove = true;
        } else if (localAbove) {
          Optional<InvalidationBus> offered = tier.backend().invalidationBus();
          if (offered.isPresent()) {
            return offered.get();
          }
        }
      }
      return null;
    }

    private static Duration positive(String what, Duration value) {
      Objects.requireNonNull(value, what + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " was " + value + " but must be positive");
      }
      return value;
    }

    private static Duration notNegative(String what, Duration value) {
      Objects.requireNonNull(value, what + " must not be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(what + " was " + value + " but must not be negative");
      }
      return value;
    }

    /** A tier URI given in a list. */
    private static final class UriTier {
      final String uri;

      UriTier(String uri) {
        this.uri = uri;
      }
    }

    /** A tier given open, with its common options. */
    private static final class OpenTier<V> {
      final CacheBackend<V> backend;
      final String commonOptions;

      OpenTier(CacheBackend<V> backend, String commonOptions) {
        this.backend = backend;
        this.commonOptions = commonOptions;
      }

      TierOptions options() {
        List<String> problems = new ArrayList<>();
        TierOptions options = null;
        try {
          // The options are checked as the query of a URI, which gives them the same grammar.
          TierUri uri = TierUri.parse("tier:?" + commonOptions);
          options = TierOptions.check(uri, CommonOptions.ALL, problems);
        } catch (io.tiercache.config.InvalidTierUriException e) {
          problems.addAll(e.problems());
        }
        if (!problems.isEmpty() || options == null) {
          throw new io.tiercache.config.InvalidTierUriException(
              List.of(
                  new io.tiercache.config.InvalidTierUriException.TierProblems(
                      "Invalid common options '" + TierUri.redactRaw(commonOptions)
                          + "' of tier '" + backend.name() + "'",
                      problems)));
        }
        return options;
      }
    }
  }
}
