package io.tiercache.backend.hazelcast;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.tiercache.codec.CorruptEntryException;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One shared tier on a Hazelcast {@link IMap} of {@link StoredEntry} records under the stack's
 * keys.
 *
 * <h2>Threads</h2>
 *
 * Single-key operations use Hazelcast's asynchronous API; their futures complete on this tier's
 * callback threads, never on Hazelcast's own, so that whatever a caller chains on them cannot
 * stall Hazelcast's I/O or deadlock on it. Hazelcast has no asynchronous query, clear or
 * compare-and-delete: those run on this tier's query threads (at most
 * {@value #QUERY_THREADS}), which is also how a tag invalidation removes its keys in parallel.
 *
 * <h2>How tag invalidation stays exact</h2>
 *
 * <ol>
 *   <li>The cluster is asked for the live entries carrying the tag: a predicate on the indexed
 *       {@code tags[any]} and on {@code staleUntil}, run by each member on the partitions it owns
 *       (never on backups), so each key is met once however many members hold copies.
 *   <li>Each is removed with {@code IMap.remove(key, value)}, which the key's owner applies only
 *       if the stored record is still that very one (compared as serialized bytes). An entry
 *       overwritten in between (maybe without the tag) is left alone; an entry removed in between
 *       is not counted.
 * </ol>
 *
 * The keys whose removal succeeded are the answer: distinct, each removed by this call, each
 * carrying the tag when removed.
 *
 * @param <V> the value type
 */
final class HazelcastBackend<V> implements CacheBackend<V> {

  static final int QUERY_THREADS = 8;

  private static final System.Logger LOG = System.getLogger(HazelcastBackend.class.getName());

  /** Retention beyond which an entry is stored without TTL (its staleUntil still applies). */
  private static final long LONGEST_TTL_MILLIS = TimeUnit.DAYS.toMillis(10L * 365);

  private final String name;
  private final String redactedUri;
  private final HazelcastSettings settings;
  private final ValueCodec<V> codec;
  private final TierClock clock;
  private final TierEvents events;
  private final SharedInstances.Lease lease;
  private final HazelcastInstance instance;
  private final IMap<String, Object> map;
  private final BackendCapabilities capabilities;
  private final ThreadPoolExecutor callbackPool;
  private final ThreadPoolExecutor queryPool;
  private final Executor callbacks;
  private final RingbufferInvalidationBus bus;
  private final Optional<InvalidationBus> busView;
  private final UUID reconnectRegistration;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HazelcastBackend(
      BackendContext<V> context, HazelcastSettings settings, SharedInstances.Lease lease) {
    this.name = context.tierName();
    this.redactedUri = context.options().redactedUri();
    this.settings = settings;
    this.codec = context.codec();
    this.clock = context.clock();
    this.events = context.events();
    this.lease = lease;
    this.instance = lease.instance();
    try {
      applyMapConfig();
      this.map = instance.getMap(settings.mapName());
      addIndexes();
    } catch (RuntimeException e) {
      throw new TierAccessException(
          name,
          "could not open map '" + settings.mapName() + "' on " + settings.describeInstance()
              + ": " + describe(e),
          e);
    }
    this.capabilities =
        BackendCapabilities.remote()
            .persistent(false)
            .admitsByFrequency(false)
            .maxEntryBytes(Long.MAX_VALUE)
            .maximumEntries(-1)
            .build();
    int processors = Runtime.getRuntime().availableProcessors();
    this.callbackPool = pool("tiercache-hazelcast-" + name + "-callback", Math.max(2, processors));
    this.queryPool = pool("tiercache-hazelcast-" + name + "-query", QUERY_THREADS);
    this.callbacks = orInline(callbackPool);
    this.bus =
        new RingbufferInvalidationBus(
            name, instance, lease.state(), settings.busName(), callbacks);
    this.busView = Optional.of(bus);
    this.reconnectRegistration =
        instance.getLifecycleService().addLifecycleListener(this::onLifecycle);
  }

  /**
   * Opens a tier: leases the shared client or member, then prepares the map.
   *
   * @throws TierAccessException if the instance cannot be started or reached, or the map cannot
   *     be prepared
   */
  static <V> HazelcastBackend<V> open(BackendContext<V> context, HazelcastSettings settings) {
    SharedInstances.Lease lease = SharedInstances.acquire(settings, context.tierName());
    try {
      return new HazelcastBackend<>(context, settings, lease);
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
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
  public Optional<InvalidationBus> invalidationBus() {
    return busView;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    return read(key);
  }

  /**
   * Reads the keys concurrently. Hazelcast's {@code getAll} has no asynchronous form, and a client
   * sends it as one request per partition anyway: concurrent {@code getAsync} calls cost the same
   * round trips without holding a thread.
   */
  @Override
  public CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    Set<String> distinct = new LinkedHashSet<>();
    for (String key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    checkOpen();
    Map<String, CompletableFuture<@Nullable CacheEntry<V>>> reads = new LinkedHashMap<>();
    for (String key : distinct) {
      reads.put(key, read(key));
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

  private CompletableFuture<@Nullable CacheEntry<V>> read(String key) {
    CompletableFuture<@Nullable CacheEntry<V>> result = new CompletableFuture<>();
    CompletionStage<Object> reading;
    try {
      reading = map.getAsync(key);
    } catch (RuntimeException e) {
      result.completeExceptionally(failure("get", e));
      return result;
    }
    reading.whenCompleteAsync(
        (stored, error) -> {
          CompletableFuture<@Nullable CacheEntry<V>> decoded;
          try {
            if (error == null) {
              decoded = decode(key, stored);
            } else if (unwrap(error) instanceof HazelcastSerializationException) {
              decoded = unreadable(key, unwrap(error));
            } else {
              result.completeExceptionally(failure("get", error));
              return;
            }
          } catch (RuntimeException e) {
            result.completeExceptionally(failure("get", e));
            return;
          }
          decoded.whenComplete(
              (entry, failure) -> {
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(entry);
                }
              });
        },
        callbacks);
    return result;
  }

  /** Turns a stored record into an entry; a corrupt one is reported, removed and a miss. */
  private CompletableFuture<@Nullable CacheEntry<V>> decode(String key, @Nullable Object stored) {
    if (stored == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (!(stored instanceof StoredEntry)) {
      return corrupt(
          key, stored, "not a tiercache entry but a " + stored.getClass().getName());
    }
    byte[] frame = ((StoredEntry) stored).frame();
    if (frame == null) {
      return corrupt(key, stored, "a '" + StoredEntry.TYPE_NAME + "' record without its '"
          + StoredEntry.ENTRY + "' field");
    }
    CacheEntry<V> entry;
    try {
      entry = EntryFormat.decode(frame, codec);
    } catch (CorruptEntryException e) {
      return corrupt(key, stored, e.getMessage() == null ? "undecodable" : e.getMessage());
    }
    return CompletableFuture.completedFuture(entry.isGone(clock.millis()) ? null : entry);
  }

  /**
   * Reports a corrupt record and removes it only if it is still the one read, so that a value
   * written meanwhile survives; the read is a miss either way. The removal compares serialized
   * bytes; a record of another shape (fields missing or added) does not serialize back to the
   * bytes stored, so it is compared by its fields once more, just before an unconditional
   * removal.
   */
  private CompletableFuture<@Nullable CacheEntry<V>> corrupt(
      String key, Object stored, String reason) {
    report(key, reason);
    return blocking(
            "removing a corrupt entry",
            () -> {
              if (!map.remove(key, stored) && sameRecord(map.get(key), stored)) {
                map.delete(key);
              }
              return null;
            })
        .handle((removed, failure) -> null);
  }

  private static boolean sameRecord(@Nullable Object current, Object read) {
    if (current instanceof StoredEntry && read instanceof StoredEntry) {
      return ((StoredEntry) current).sameFields((StoredEntry) read);
    }
    return read.equals(current);
  }

  /**
   * Reports a record this process cannot even deserialize, and deletes it: there is no value to
   * compare, so a write racing with this read may be deleted too (it reads as a miss).
   */
  private CompletableFuture<@Nullable CacheEntry<V>> unreadable(String key, Throwable cause) {
    report(key, "not readable as a tiercache entry: " + describe(cause));
    return remote("removing a corrupt entry", () -> map.deleteAsync(key))
        .handle((removed, failure) -> null);
  }

  private void report(String key, String reason) {
    try {
      events.onCorruptEntry(key, reason);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "tier '" + name + "': the event listener failed", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /**
   * Writes the entry with a Hazelcast TTL of its remaining retention ({@code staleUntil - now},
   * rounded up: see {@link #ttlSeconds}; none if it never expires), so the cluster drops it once
   * it is gone.
   */
  @Override
  public CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    checkOpen();
    return write(key, entry, clock.millis());
  }

  /**
   * Writes the entries concurrently, each with its own TTL: Hazelcast's batch writes
   * ({@code putAllAsync}, {@code setAllAsync}) take no TTL, and would leave every entry to the
   * map's default expiry.
   */
  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    entries.forEach(
        (key, entry) -> {
          Objects.requireNonNull(key, "entries must not contain a null key");
          Objects.requireNonNull(entry, "entries must not contain a null entry");
        });
    checkOpen();
    long now = clock.millis();
    List<CompletableFuture<Void>> writes = new ArrayList<>(entries.size());
    entries.forEach((key, entry) -> writes.add(write(key, entry, now)));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture<?>[]::new));
  }

  private CompletableFuture<Void> write(String key, CacheEntry<V> entry, long now) {
    if (entry.isGone(now)) {
      return remote("put", () -> map.deleteAsync(key)).thenApply(removed -> null);
    }
    StoredEntry stored;
    try {
      stored = StoredEntry.of(entry, codec);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    long ttl = ttlSeconds(entry, now);
    return remote("put", () -> map.setAsync(key, stored, ttl, TimeUnit.SECONDS));
  }

  /**
   * Hazelcast's TTL for an entry, in seconds: 0 (none) if it never expires or lives for more
   * than a decade. Hazelcast keeps a TTL in whole seconds (it truncates) and counts it from the
   * last update time truncated to the second, so it may drop an entry up to two seconds before
   * the TTL asked for: the retention is rounded up to the second, plus one, so the cluster never
   * drops an entry before its {@code staleUntil}. Reads and queries hide it from then on.
   */
  static long ttlSeconds(CacheEntry<?> entry, long nowMillis) {
    long retain = entry.retainMillis(nowMillis);
    if (retain == Long.MAX_VALUE || retain > LONGEST_TTL_MILLIS) {
      return 0;
    }
    return (retain + 999) / 1000 + 1;
  }

  @Override
  public CompletableFuture<Boolean> invalidate(String key) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    long now = clock.millis();
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    remote("invalidate", () -> map.removeAsync(key))
        .whenComplete(
            (old, failure) -> {
              if (failure == null) {
                result.complete(old instanceof StoredEntry && ((StoredEntry) old).isLiveAt(now));
              } else if (failure.getCause() instanceof HazelcastSerializationException) {
                // Removed, but the old record was not ours to read: it was no live entry.
                result.complete(Boolean.FALSE);
              } else {
                result.completeExceptionally(failure);
              }
            });
    return result;
  }

  @Override
  public CompletableFuture<Set<String>> invalidateByTag(String tag) {
    CacheEntry.checkTag(tag);
    checkOpen();
    long now = clock.millis();
    return blocking("invalidateByTag", () -> map.entrySet(liveWithTag(tag, now)))
        .thenCompose(this::removeIfUnchanged);
  }

  /** Removes each candidate if its record is still the one the query returned. */
  private CompletableFuture<Set<String>> removeIfUnchanged(
      Set<Map.Entry<String, Object>> candidates) {
    List<CompletableFuture<@Nullable String>> removals = new ArrayList<>(candidates.size());
    for (Map.Entry<String, Object> candidate : candidates) {
      String key = candidate.getKey();
      Object value = candidate.getValue();
      removals.add(
          blocking("invalidateByTag", () -> map.remove(key, value) ? key : null));
    }
    return CompletableFuture.allOf(removals.toArray(CompletableFuture<?>[]::new))
        .thenApply(
            done -> {
              Set<String> removed = new LinkedHashSet<>();
              for (CompletableFuture<@Nullable String> removal : removals) {
                String key = removal.join();
                if (key != null) {
                  removed.add(key);
                }
              }
              return Set.copyOf(removed);
            });
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    CacheEntry.checkTag(tag);
    checkOpen();
    long now = clock.millis();
    return blocking("keysByTag", () -> Set.copyOf(map.keySet(liveWithTag(tag, now))));
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    checkOpen();
    long now = clock.millis();
    return blocking(
        "tags",
        () -> {
          Set<String> found =
              map.aggregate(
                  Aggregators.<Map.Entry<String, Object>, String>distinct(
                      HazelcastSettings.TAGS_ATTRIBUTE),
                  live(now));
          Set<String> tags = new LinkedHashSet<>();
          for (String tag : found) {
            if (tag != null) {
              tags.add(tag);
            }
          }
          return Set.copyOf(tags);
        });
  }

  @Override
  public CompletableFuture<Void> clear() {
    checkOpen();
    return blocking(
        "clear",
        () -> {
          map.clear();
          return null;
        });
  }

  private static Predicate<String, Object> live(long nowMillis) {
    return Predicates.greaterThan(StoredEntry.STALE_UNTIL, nowMillis);
  }

  private static Predicate<String, Object> liveWithTag(String tag, long nowMillis) {
    return Predicates.and(Predicates.equal(HazelcastSettings.TAGS_ATTRIBUTE, tag), live(nowMillis));
  }

  // ---------------------------------------------------------------------------------------------
  // Life cycle

  /**
   * Releases the tier: stops its bus and its threads, and gives back its share of the client or
   * member, which shuts down (a member gracefully, moving its partitions to the others first)
   * when no open tier of this JVM uses it any more. Entries stay in the cluster.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      instance.getLifecycleService().removeLifecycleListener(reconnectRegistration);
    } catch (RuntimeException e) {
      // The instance is gone already.
    }
    bus.close();
    callbackPool.shutdown();
    queryPool.shutdown();
    lease.release();
  }

  @Override
  public String toString() {
    return "HazelcastBackend[" + name + " " + redactedUri + "]";
  }

  /** The client or member this tier uses (for tests). */
  HazelcastInstance instance() {
    return instance;
  }

  /** The map this tier uses (for tests). */
  IMap<String, Object> map() {
    return map;
  }

  /**
   * Applies {@code backupCount} as the map's and the ring buffer's configuration. Done when the
   * tier opens, and again when a client reconnects or a member merges, since the cluster it
   * reaches then may be a new one that never heard of it.
   */
  private void applyMapConfig() {
    OptionalInt backups = settings.backupCount();
    if (backups.isPresent()) {
      Config config = instance.getConfig();
      config.addMapConfig(settings.mapConfig(backups.getAsInt()));
      config.addRingBufferConfig(settings.busConfig(backups.getAsInt()));
    }
  }

  private void addIndexes() {
    for (IndexConfig index : HazelcastSettings.indexes()) {
      map.addIndex(index);
    }
  }

  private void onLifecycle(LifecycleEvent event) {
    LifecycleEvent.LifecycleState state = event.getState();
    if (state != LifecycleEvent.LifecycleState.CLIENT_CONNECTED
        && state != LifecycleEvent.LifecycleState.MERGED) {
      return;
    }
    blocking(
            "preparing the map again",
            () -> {
              applyMapConfig();
              addIndexes();
              return null;
            })
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null && !closed.get()) {
                LOG.log(Level.WARNING, () -> "tier '" + name + "': could not configure map '"
                    + settings.mapName() + "' again after " + state, failure);
              }
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Starts an asynchronous Hazelcast call; its future completes on the callback threads. */
  private <T extends @Nullable Object> CompletableFuture<T> remote(
      String operation, Supplier<? extends CompletionStage<T>> start) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<T> stage;
    try {
      stage = start.get();
    } catch (RuntimeException e) {
      result.completeExceptionally(failure(operation, e));
      return result;
    }
    stage.whenCompleteAsync(
        (value, error) -> {
          if (error != null) {
            result.completeExceptionally(failure(operation, error));
          } else {
            result.complete(value);
          }
        },
        callbacks);
    return result;
  }

  /** Runs a blocking Hazelcast call on the query threads. */
  private <T extends @Nullable Object> CompletableFuture<T> blocking(
      String operation, Supplier<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      queryPool.execute(
          () -> {
            try {
              result.complete(call.get());
            } catch (RuntimeException e) {
              result.completeExceptionally(failure(operation, e));
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new IllegalStateException("tier '" + name + "' is closed", e));
    }
    return result;
  }

  private TierAccessException failure(String operation, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof TierAccessException) {
      return (TierAccessException) cause;
    }
    return new TierAccessException(name, operation + " failed: " + describe(cause), cause);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Names a failure in one line: its type and message. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message.lines().findFirst()
            .orElse(""));
  }

  /** A pool of daemon threads that end after 30 s idle. */
  private static ThreadPoolExecutor pool(String prefix, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            daemonThreads(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Names daemon threads {@code prefix-1}, {@code prefix-2}... */
  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * An executor that runs a task on the calling thread once the pool is shut down, so that the
   * futures of operations still in flight when the tier closes complete all the same.
   */
  private static Executor orInline(ThreadPoolExecutor pool) {
    return task -> {
      try {
        pool.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    };
  }
}
