package io.tiercache.backend.ehcache;

import io.tiercache.backend.ehcache.internal.FailFastResilience;
import io.tiercache.backend.ehcache.internal.FolderLock;
import io.tiercache.backend.ehcache.internal.KeyLocks;
import io.tiercache.backend.ehcache.internal.StoreFailure;
import io.tiercache.backend.ehcache.internal.StoredEntry;
import io.tiercache.backend.ehcache.internal.StoredEntrySerializer;
import io.tiercache.backend.ehcache.internal.TagIndex;
import io.tiercache.backend.ehcache.internal.TagRecord;
import io.tiercache.backend.ehcache.internal.TagRecordSerializer;
import io.tiercache.backend.ehcache.internal.TagSnapshot;
import io.tiercache.codec.EntryFormat;
import io.tiercache.config.TierOptions;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventType;
import org.ehcache.expiry.ExpiryPolicy;
import org.ehcache.impl.internal.TimeSourceConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * One in-process tier on an Ehcache cache of {@link StoredEntry stored entries}: by reference in
 * a heap-only tier, as bytes through the stack's codec in off-heap and disk tiers, with an index
 * of tags kept in this process and, for a persistent disk store, saved beside it.
 *
 * <h2>Atomicity</h2>
 *
 * <p>Ehcache's public API has no atomic read-modify-write of a mapping ({@code compute} is
 * internal), so every change of a key — writes, removals, {@link #putSyncIf} — takes the key's
 * lock from a striped set ({@link KeyLocks}), changes the entry in Ehcache and then the key's
 * place in the {@link TagIndex}, and releases it. Reads take no lock. The lock is never held
 * while another key's lock is taken; only {@link #clearSync()} and {@link #close()} take them all,
 * in order.
 *
 * <h2>Expiry and eviction</h2>
 *
 * <p>Each entry's Ehcache lifetime ends at its {@code staleUntil}, by an {@link ExpiryPolicy}
 * measured on Ehcache's time source, which is the stack's {@link TierClock}. Ehcache removes
 * expired entries lazily, when they are met, and evicts for room. It reports both to a
 * <em>synchronous</em> listener, which Ehcache runs on its own thread while the operation that
 * caused the event waits — so the listener may take no lock of ours (the waiting thread may hold
 * one): it only queues the key. The queue is drained by the threads using the tier, at the end
 * of each operation and before each tag query, each key under its own lock and after the
 * operation's own lock was released: the key is unindexed if Ehcache no longer holds an entry for
 * it (a newer write since the event keeps its place), and the event is reported to the stack's
 * {@link TierEvents}. So when the operation that caused an eviction or expiry returns, the index
 * has forgotten the key — unless another thread took the event from the queue first and is
 * still settling it.
 *
 * @param <V> the value type
 */
final class EhcacheBackend<V> implements LocalCacheBackend<V> {

  /** The logger of the tier: warnings about disk stores discarded when they are opened. */
  static final System.Logger LOG = System.getLogger("io.tiercache.backend.ehcache");

  /** The Ehcache alias of the cache of entries. */
  static final String ENTRIES_CACHE = "entries";

  /** The Ehcache alias of the cache that keeps the tag index of a persistent store. */
  static final String TAGS_CACHE = "tags";

  /** The sub-folder of a tier's folder in which Ehcache keeps its store. */
  static final String STORE_FOLDER = "ehcache";

  /** The file Ehcache writes when it closes a store cleanly, and deletes when it opens it. */
  private static final String CLEAN_MARKER = ".clean";

  private static final int LOCK_STRIPES = 1024;
  private static final int TAG_RECORDS_ON_HEAP = 16;

  private final String name;
  private final TierOptions options;
  private final TierClock clock;
  private final TierEvents events;
  private final StoreLayout layout;
  private final int codecFingerprint;
  private final String codecName;
  private final BackendCapabilities capabilities;
  private final @Nullable StoredEntrySerializer<V> serializer;
  private final KeyLocks locks = new KeyLocks(LOCK_STRIPES);
  private final TagIndex index = new TagIndex();
  private final ConcurrentLinkedQueue<Removal> removals = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final @Nullable FolderLock folderLock;
  private final CacheManager manager;
  private final Cache<String, StoredEntry> entries;
  private final @Nullable Cache<String, TagRecord> tagRecords;

  EhcacheBackend(BackendContext<V> context, StoreLayout layout) {
    this.name = context.tierName();
    this.options = context.options();
    this.clock = context.clock();
    this.events = context.events();
    this.layout = layout;
    this.codecFingerprint = EntryFormat.fingerprint(context.codec());
    this.codecName = "'" + context.codec().id() + "' version " + context.codec().version();
    this.serializer = layout.storesBytes() ? new StoredEntrySerializer<>(context.codec()) : null;
    this.capabilities =
        BackendCapabilities.inProcess()
            .tags(true)
            .persistent(layout.persistent())
            .storesBytes(layout.storesBytes())
            .honoursClock(true)
            .admitsByFrequency(false)
            .maxEntryBytes(
                layout.storesBytes()
                    ? Math.max(
                        1, layout.authoritativeBytes()
                            / EhcacheBackendProvider.ENTRY_SIZE_DIVISOR)
                    : Long.MAX_VALUE)
            .maximumEntries(layout.storesBytes() ? -1 : layout.heapEntries())
            .build();
    Path folder = layout.folder();
    if (folder == null) {
      this.folderLock = null;
      try {
        this.manager = open(null);
      } catch (RuntimeException e) {
        throw new TierAccessException(
            name, "Ehcache could not create the store: " + rootCause(e), e);
      }
    } else {
      this.folderLock = FolderLock.acquire(folder, name);
      try {
        this.manager = openOrDiscard(folder.resolve(STORE_FOLDER));
      } catch (RuntimeException e) {
        folderLock.close();
        throw e;
      }
    }
    this.entries = manager.getCache(ENTRIES_CACHE, String.class, StoredEntry.class);
    this.tagRecords =
        layout.persistent() ? manager.getCache(TAGS_CACHE, String.class, TagRecord.class) : null;
    if (tagRecords != null) {
      try {
        restoreIndex(tagRecords);
      } catch (RuntimeException e) {
        closeStore();
        throw new TierAccessException(
            name, "cannot read the disk store in '" + folder + "': " + e, e);
      }
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

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public @Nullable CacheEntry<V> getSync(String key) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    StoredEntry stored;
    try {
      stored = entries.get(key);
    } catch (StoreFailure e) {
      throw failed("read the key", e);
    }
    CacheEntry<V> found = stored == null ? null : accept(key, stored);
    if (!removals.isEmpty()) {
      settleRemovals();
    }
    return found;
  }

  @Override
  public CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    Objects.requireNonNull(key, "key must not be null");
    return async(() -> getSync(key));
  }

  @Override
  public CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    List<String> list = new ArrayList<>(keys.size());
    for (String key : keys) {
      list.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    checkOpen();
    return async(
        () -> {
          Map<String, CacheEntry<V>> found = new LinkedHashMap<>();
          for (String key : list) {
            CacheEntry<V> entry = getSync(key);
            if (entry != null) {
              found.put(key, entry);
            }
          }
          return found;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public void putSync(String key, CacheEntry<V> entry) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    checkOpen();
    StoredEntry stored = entry.isGone(clock.millis()) ? null : store(key, entry);
    ReentrantLock lock = locks.of(key);
    lock.lock();
    try {
      checkOpen();
      if (stored == null) {
        removeLocked(key);
      } else {
        writeLocked(key, entry, stored);
      }
    } finally {
      lock.unlock();
    }
    settleRemovals();
  }

  @Override
  public CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    return async(
        () -> {
          putSync(key, entry);
          return null;
        });
  }

  @Override
  public boolean putSyncIf(String key, CacheEntry<V> entry, BooleanSupplier condition) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    Objects.requireNonNull(condition, "condition must not be null");
    checkOpen();
    StoredEntry stored = entry.isGone(clock.millis()) ? null : store(key, entry);
    boolean written;
    ReentrantLock lock = locks.of(key);
    lock.lock();
    try {
      checkOpen();
      written = condition.getAsBoolean();
      if (written) {
        if (stored == null) {
          removeLocked(key);
        } else {
          writeLocked(key, entry, stored);
        }
      }
    } finally {
      lock.unlock();
    }
    settleRemovals();
    return written;
  }

  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> batch) {
    Objects.requireNonNull(batch, "entries must not be null");
    Map<String, CacheEntry<V>> copy = new LinkedHashMap<>();
    batch.forEach(
        (key, entry) ->
            copy.put(
                Objects.requireNonNull(key, "entries must not contain a null key"),
                Objects.requireNonNull(entry, "entries must not contain a null entry")));
    checkOpen();
    return async(
        () -> {
          copy.forEach(this::putSync);
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Removals

  @Override
  public boolean invalidateSync(String key) {
    Objects.requireNonNull(key, "key must not be null");
    checkOpen();
    long now = clock.millis();
    StoredEntry old;
    ReentrantLock lock = locks.of(key);
    lock.lock();
    try {
      checkOpen();
      try {
        old = entries.get(key);
        if (old != null) {
          entries.remove(key);
        }
      } catch (StoreFailure e) {
        throw failed("remove the key", e);
      }
      index.remove(key);
    } finally {
      lock.unlock();
    }
    boolean removed = false;
    if (old != null) {
      CacheEntry<?> entry = old.entry();
      if (entry == null || !old.belongsTo(key)) {
        events.onCorruptEntry(key, rejection(key, old));
      } else if (entry.isGone(now)) {
        events.onExpiry(key);
      } else {
        removed = true;
      }
    }
    settleRemovals();
    return removed;
  }

  @Override
  public CompletableFuture<Boolean> invalidate(String key) {
    Objects.requireNonNull(key, "key must not be null");
    return async(() -> invalidateSync(key));
  }

  @Override
  public Set<String> invalidateByTagSync(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    checkOpen();
    settleRemovals();
    long now = clock.millis();
    Set<String> removed = new HashSet<>();
    List<String> gone = new ArrayList<>(0);
    for (String key : index.candidates(tag)) {
      ReentrantLock lock = locks.of(key);
      lock.lock();
      try {
        checkOpen();
        Long staleUntil = index.staleUntil(key);
        if (staleUntil == null || !index.indexedUnder(key, tag)) {
          continue; // rewritten without the tag, or removed, since the candidates were listed
        }
        boolean present;
        try {
          present = entries.containsKey(key);
          if (present) {
            entries.remove(key);
          }
        } catch (StoreFailure e) {
          throw failed("remove the entries of a tag", e);
        }
        index.remove(key);
        if (present) {
          (now < staleUntil ? removed : gone).add(key);
        }
      } finally {
        lock.unlock();
      }
    }
    for (String key : gone) {
      events.onExpiry(key);
    }
    settleRemovals();
    return Collections.unmodifiableSet(removed);
  }

  @Override
  public CompletableFuture<Set<String>> invalidateByTag(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    return async(() -> invalidateByTagSync(tag));
  }

  @Override
  public void clearSync() {
    checkOpen();
    locks.lockAll();
    try {
      checkOpen();
      try {
        entries.clear();
      } catch (StoreFailure e) {
        throw failed("clear the tier", e);
      }
      index.clear();
    } finally {
      locks.unlockAll();
    }
    settleRemovals();
  }

  @Override
  public CompletableFuture<Void> clear() {
    return async(
        () -> {
          clearSync();
          return null;
        });
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
    settleRemovals();
    return index.keys(tag, clock.millis());
  }

  /**
   * Lists the tags carried by at least one stored, not yet gone entry, on the calling thread.
   *
   * @return the tags, a snapshot
   */
  Set<String> tagsSync() {
    checkOpen();
    settleRemovals();
    return index.tags(clock.millis());
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle and diagnostics

  /**
   * Closes the tier. A persistent store saves its tag index into its tags cache first, under
   * every key's lock, so that the index matches the entries Ehcache keeps; then Ehcache closes
   * the store (marking it clean) and the folder is released.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    locks.lockAll();
    try {
      removals.clear();
      if (tagRecords != null) {
        try {
          TagSnapshot.save(index, tagRecords, clock.millis(), codecFingerprint);
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "tier ''{0}'': the tag index of the disk store in ''{1}'' could not be saved; the"
                  + " store will be discarded when it is next opened: {2}",
              name, layout.folder(), e);
        }
      }
      index.clear();
      closeStore();
    } finally {
      locks.unlockAll();
    }
  }

  /**
   * Writes bytes under a key as they are, bypassing the codec and the tag index: for tests and
   * diagnostics that need foreign or damaged bytes in the store. Reading the key afterwards
   * decodes them as any stored bytes.
   *
   * @param key the key
   * @param bytes the bytes
   * @throws IllegalStateException if the tier is closed, or stores references (heap only)
   */
  void writeStoredBytes(String key, byte[] bytes) {
    checkOpen();
    if (serializer == null) {
      throw new IllegalStateException("tier '" + name + "' stores references, not bytes");
    }
    ReentrantLock lock = locks.of(key);
    lock.lock();
    try {
      entries.put(key, StoredEntry.raw(bytes));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the frame this tier stores for an entry under a key.
   *
   * @param key the key
   * @param entry the entry
   * @return the bytes
   * @throws IllegalStateException if the tier stores references (heap only)
   */
  byte[] frameOf(String key, CacheEntry<V> entry) {
    if (serializer == null) {
      throw new IllegalStateException("tier '" + name + "' stores references, not bytes");
    }
    return serializer.frame(key, entry);
  }

  /**
   * Returns the tags that the raw index holds, without checking their entries. For tests: it
   * shows whether the index has been cleaned after expiry and eviction.
   *
   * @return the indexed tags, a snapshot
   */
  Set<String> indexedTags() {
    checkOpen();
    settleRemovals();
    return index.indexedTags();
  }

  /**
   * Tells whether Ehcache itself answers a read of a key, without the tier's checks: for tests
   * that show Ehcache judging expiry by the tier's clock.
   *
   * @param key the key
   * @return {@code true} if Ehcache returns a mapping
   */
  boolean ehcacheHolds(String key) {
    checkOpen();
    boolean holds = entries.get(key) != null;
    settleRemovals();
    return holds;
  }

  /**
   * Returns the layout of the store: its tiers, sizes and folder.
   *
   * @return the layout
   */
  StoreLayout layout() {
    return layout;
  }

  /**
   * Shows the tier's name, its options and its store's layout. Never throws, also after
   * {@link #close()}.
   */
  @Override
  public String toString() {
    return "EhcacheBackend[" + name + ", " + options + ", " + layout
        + (closed.get() ? ", closed]" : "]");
  }

  // ---------------------------------------------------------------------------------------------
  // Internals: entries

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
  }

  /** The stored form of an entry: by reference, or encoded now, before any lock is taken. */
  private StoredEntry store(String key, CacheEntry<V> entry) {
    return serializer == null ? StoredEntry.byReference(entry) : serializer.encode(key, entry);
  }

  /** Returns a stored entry read under a key if it is a valid, live entry of that key. */
  private @Nullable CacheEntry<V> accept(String key, StoredEntry stored) {
    CacheEntry<?> entry = stored.entry();
    if (entry == null || !stored.belongsTo(key)) {
      dropCorrupt(key);
      return null;
    }
    if (entry.isGone(clock.millis())) {
      // Ehcache measured the lifetime a moment after the entry's own clock reading; the entry's
      // word wins.
      dropGone(key);
      return null;
    }
    @SuppressWarnings("unchecked") // written through this tier, whose codec decodes to V
    CacheEntry<V> typed = (CacheEntry<V>) entry;
    return typed;
  }

  /** Writes an entry and indexes it. Under the key's lock. */
  private void writeLocked(String key, CacheEntry<V> entry, StoredEntry stored) {
    try {
      entries.put(key, stored);
    } catch (StoreFailure e) {
      // Whether the old entry survived the failed write is unknown: remove it, so that the key
      // cannot keep a value older than this write.
      try {
        entries.remove(key);
      } catch (StoreFailure again) {
        e.addSuppressed(again);
        throw failed("write the key", e);
      }
      index.remove(key);
      if (e.entryTooLarge()) {
        events.onEviction(key); // dropped as soon as written, as a store that is too small does
        return;
      }
      throw failed("write the key", e);
    }
    index.put(key, entry.tags(), entry.staleUntil());
  }

  /** Removes a key's entry and unindexes it. Under the key's lock. */
  private void removeLocked(String key) {
    try {
      entries.remove(key);
    } catch (StoreFailure e) {
      throw failed("remove the key", e);
    }
    index.remove(key);
  }

  /** Removes a key whose stored bytes are not a valid entry of it, if they still are not. */
  private void dropCorrupt(String key) {
    String reason = null;
    ReentrantLock lock = locks.of(key);
    lock.lock();
    try {
      checkOpen();
      StoredEntry stored = entries.get(key);
      if (stored != null && (stored.entry() == null || !stored.belongsTo(key))) {
        reason = rejection(key, stored);
        entries.remove(key);
        index.remove(key);
      }
    } catch (StoreFailure e) {
      throw failed("remove a corrupt entry", e);
    } finally {
      lock.unlock();
    }
    if (reason != null) {
      events.onCorruptEntry(key, reason);
    }
  }

  /** Removes a key whose entry is gone by the tier's clock, if it still is. */
  private void dropGone(String key) {
    boolean expired = false;
    ReentrantLock lock = locks.of(key);
    lock.lock();
    try {
      checkOpen();
      StoredEntry stored = entries.get(key);
      CacheEntry<?> entry = stored == null ? null : stored.entry();
      if (entry != null && entry.isGone(clock.millis())) {
        entries.remove(key);
        index.remove(key);
        expired = true;
      }
    } catch (StoreFailure e) {
      throw failed("remove an expired entry", e);
    } finally {
      lock.unlock();
    }
    if (expired) {
      events.onExpiry(key);
    }
  }

  private static String rejection(String key, StoredEntry stored) {
    String problem = stored.problem();
    if (problem != null) {
      return problem;
    }
    return stored.entry() == null
        ? "the stored bytes were written bypassing the codec"
        : "the stored bytes were written under another key than '" + key + "'";
  }

  // ---------------------------------------------------------------------------------------------
  // Internals: evictions and expiries reported by Ehcache

  /** A key Ehcache removed by itself, queued by the listener for the threads using the tier. */
  private record Removal(String key, boolean expired) {}

  /**
   * Ehcache's synchronous listener of evictions and expiries. Ehcache runs it on its own thread
   * while the thread whose operation caused the event waits, perhaps holding a key lock: so it
   * only queues the key.
   */
  private void onRemoved(CacheEvent<? extends String, ? extends StoredEntry> event) {
    if (!closed.get()) {
      removals.add(new Removal(event.getKey(), event.getType() == EventType.EXPIRED));
    }
  }

  /**
   * Unindexes the keys Ehcache removed by itself and reports the removals. Each key is settled
   * under its own lock; the caller must hold none (or hold them all).
   */
  private void settleRemovals() {
    Removal removal;
    while ((removal = removals.poll()) != null) {
      String key = removal.key();
      // Always under the key's lock, even when the key looks unindexed: a writer holding the
      // lock may have stored the entry Ehcache just evicted and be about to index it.
      ReentrantLock lock = locks.of(key);
      lock.lock();
      try {
        // A write since the event stored a new entry, indexed with it: keep that.
        if (!closed.get() && index.contains(key) && !entries.containsKey(key)) {
          index.remove(key);
        }
      } catch (StoreFailure e) {
        // The key stays indexed; the tag queries still leave it out once it is gone.
      } finally {
        lock.unlock();
      }
      if (removal.expired()) {
        events.onExpiry(key);
      } else {
        events.onEviction(key);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Internals: the Ehcache store

  /** Opens the store; if an existing persistent store cannot be opened, discards and reopens it. */
  private CacheManager openOrDiscard(Path root) {
    boolean existed = Files.isDirectory(root) && !isEmpty(root);
    if (layout.persistent() && existed && !Files.exists(root.resolve(CLEAN_MARKER))) {
      LOG.log(
          Level.WARNING,
          "tier ''{0}'': the disk store in ''{1}'' was not closed: the process that held it"
              + " stopped without closing it. Ehcache discards such a store; the tier starts"
              + " empty.",
          name, layout.folder());
    }
    try {
      return open(root);
    } catch (RuntimeException e) {
      if (!existed) {
        throw new TierAccessException(
            name, "cannot open a disk store in '" + layout.folder() + "': " + e, e);
      }
      LOG.log(
          Level.WARNING,
          "tier ''{0}'': the disk store in ''{1}'' cannot be opened ({2}); it is discarded and"
              + " the tier starts empty.",
          name, layout.folder(), rootCause(e));
      try {
        deleteRecursively(root);
        return open(root);
      } catch (RuntimeException again) {
        again.addSuppressed(e);
        throw new TierAccessException(
            name, "cannot open a disk store in '" + layout.folder() + "': " + again, again);
      }
    }
  }

  private CacheManager open(@Nullable Path root) {
    ResourcePoolsBuilder pools = ResourcePoolsBuilder.heap(layout.heapEntries());
    if (layout.offheapBytes() > 0) {
      pools = pools.offheap(layout.offheapBytes(), MemoryUnit.B);
    }
    if (layout.diskBytes() > 0) {
      pools = pools.disk(layout.diskBytes(), MemoryUnit.B, layout.persistent());
    }
    CacheEventListener<String, StoredEntry> listener = this::onRemoved;
    CacheConfigurationBuilder<String, StoredEntry> entriesConfig =
        CacheConfigurationBuilder.newCacheConfigurationBuilder(
                String.class, StoredEntry.class, pools)
            .withExpiry(new EntryLifetime())
            .withResilienceStrategy(new FailFastResilience<String, StoredEntry>())
            .withService(
                CacheEventListenerConfigurationBuilder.newEventListenerConfiguration(
                        listener, EventType.EVICTED, EventType.EXPIRED)
                    .unordered()
                    .synchronous());
    if (serializer != null) {
      entriesConfig = entriesConfig.withValueSerializer(serializer);
    }
    CacheManagerBuilder<CacheManager> builder =
        CacheManagerBuilder.newCacheManagerBuilder()
            .using(new TimeSourceConfiguration(clock::millis))
            .withCache(ENTRIES_CACHE, entriesConfig);
    if (layout.persistent()) {
      builder =
          builder.withCache(
              TAGS_CACHE,
              CacheConfigurationBuilder.newCacheConfigurationBuilder(
                      String.class,
                      TagRecord.class,
                      ResourcePoolsBuilder.heap(TAG_RECORDS_ON_HEAP)
                          .disk(layout.diskBytes(), MemoryUnit.B, true))
                  .withValueSerializer(new TagRecordSerializer())
                  .withResilienceStrategy(new FailFastResilience<String, TagRecord>()));
    }
    if (root == null) {
      return builder.build(true);
    }
    return builder.with(CacheManagerBuilder.persistence(root.toFile())).build(true);
  }

  /** Closes Ehcache, then releases the folder. Never throws. */
  private void closeStore() {
    try {
      manager.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "tier ''{0}'': Ehcache failed to close: {1}", name, e);
    } finally {
      if (folderLock != null) {
        folderLock.close();
      }
    }
  }

  /**
   * Reads the tag index saved when the store was last closed, then removes it from the tags
   * cache (it is saved again on close). If the store holds entries but the index is missing or
   * incomplete, the store cannot be trusted to answer tag invalidations; if they were written by
   * another codec, none of them can be read: either way it is emptied, with a warning.
   */
  private void restoreIndex(Cache<String, TagRecord> records) {
    if (entries.iterator().hasNext()) {
      String problem =
          TagSnapshot.restore(
              records, codecFingerprint, codecName, entries::containsKey, clock.millis(), index);
      if (problem != null) {
        LOG.log(
            Level.WARNING,
            "tier ''{0}'': the disk store in ''{1}'' is discarded and the tier starts empty: {2}",
            name, layout.folder(), problem);
        entries.clear();
      }
    }
    records.clear();
  }

  /** The innermost cause of a failure, which says what Ehcache could not do. */
  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }

  private static boolean isEmpty(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete '" + root + "'", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Internals: failures and futures

  private TierAccessException failed(String what, StoreFailure e) {
    return new TierAccessException(name, "Ehcache could not " + what + ": " + e.getMessage(), e);
  }

  /**
   * Runs an operation that may fail in the store, as the future the asynchronous API returns: a
   * failure of the store completes it exceptionally; wrong arguments and a closed tier still
   * throw at once.
   */
  private static <T> CompletableFuture<T> async(Supplier<T> operation) {
    try {
      return CompletableFuture.completedFuture(operation.get());
    } catch (TierAccessException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Keeps each entry until its own {@code staleUntil}, measured on Ehcache's time source (the
   * tier's clock); reads do not extend it.
   */
  private final class EntryLifetime implements ExpiryPolicy<String, StoredEntry> {

    @Override
    public Duration getExpiryForCreation(String key, StoredEntry value) {
      return lifetime(value);
    }

    @Override
    public @Nullable Duration getExpiryForAccess(
        String key, Supplier<? extends StoredEntry> value) {
      return null; // unchanged
    }

    @Override
    public Duration getExpiryForUpdate(
        String key, Supplier<? extends StoredEntry> oldValue, StoredEntry newValue) {
      return lifetime(newValue);
    }

    private Duration lifetime(StoredEntry stored) {
      CacheEntry<?> entry = stored.entry();
      if (entry == null || entry.staleUntil() == CacheEntry.NEVER) {
        return ExpiryPolicy.INFINITE; // raw bytes are removed when read
      }
      long millis = entry.staleUntil() - clock.millis();
      return millis <= 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }
  }
}
