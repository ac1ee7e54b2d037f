package io.tiercache.backend.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.backend.redis.internal.LuaScript;
import io.tiercache.codec.CorruptEntryException;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One shared tier on Redis. Entries are {@link EntryFormat} bytes under {@code <prefix>e:<key>},
 * kept by Redis until their {@code staleUntil} ({@code PX}); tags are indexed in Redis sets kept
 * exact by Lua scripts (see {@link KeyLayout} and {@link LuaScript}). Every operation is one
 * asynchronous command (or one per shard) on the tier's single pipelined connection. Reads,
 * puts and invalidations complete on Lettuce's I/O thread that received the reply: their
 * completion only decodes or maps the reply, and a hop to another thread would cost more than
 * the round trip on loopback. Tag operations and clear, rare and heavier, complete on the shared
 * executor.
 *
 * @param <V> the value type
 */
final class RedisBackend<V> implements CacheBackend<V> {

  /**
   * The largest encoded value the tier accepts: Redis's default {@code proto-max-bulk-len}
   * (512 MB) less 16 MB for the entry's frame and tags.
   */
  static final long MAX_ENTRY_BYTES = (512L - 16L) << 20;

  /** Lifetimes longer than this (about 2,000 years) are stored without expiry. */
  private static final long MAX_PX = 1L << 46;

  private static final byte[] PUT = bytes("put");
  private static final byte[] DEL = bytes("del");
  private static final byte[] CAD = bytes("cad");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] NO_EXPIRY = bytes("0");
  private static final int SCAN_BATCH = 1_000;

  private final String name;
  private final RedisSettings settings;
  private final KeyLayout layout;
  private final ValueCodec<V> codec;
  private final TierClock clock;
  private final TierEvents events;
  private final RedisConnections connections;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final Executor executor;
  private final @Nullable RedisInvalidationBus bus;
  private final @Nullable OwnWrites ownWrites;
  private final BackendCapabilities capabilities;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisBackend(
      BackendContext<V> context, RedisSettings settings, RedisConnections connections) {
    this.name = context.tierName();
    this.settings = settings;
    this.layout = settings.layout;
    this.codec = context.codec();
    this.clock = context.clock();
    this.events = context.events();
    this.connections = connections;
    this.commands = connections.commands();
    this.executor = connections.shared().executor();
    this.bus = connections.bus();
    this.ownWrites = connections.ownWrites();
    this.capabilities = BackendCapabilities.remote().maxEntryBytes(MAX_ENTRY_BYTES).build();
  }

  /**
   * Connects a tier.
   *
   * @throws io.tiercache.spi.TierAccessException if it cannot connect
   */
  static <V> RedisBackend<V> open(BackendContext<V> context, RedisSettings settings) {
    return new RedisBackend<>(context, settings, RedisConnections.open(settings,
        context.tierName()));
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
  public CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    Objects.requireNonNull(key, "key must not be null");
    ensureOpen();
    CompletableFuture<byte[]> read = start(() -> commands.get(layout.entryKey(key)));
    return read.handle(
        (bytes, failure) -> {
          if (failure != null) {
            throw Failures.of(name, "GET", failure);
          }
          return decode(key, bytes);
        });
  }

  @Override
  public CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    Set<String> wanted = new LinkedHashSet<>();
    for (String key : keys) {
      wanted.add(Objects.requireNonNull(key, "keys must not contain a null key"));
    }
    ensureOpen();
    if (wanted.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    List<String> ordered = new ArrayList<>(wanted);
    String[] redisKeys = new String[ordered.size()];
    for (int i = 0; i < redisKeys.length; i++) {
      redisKeys[i] = layout.entryKey(ordered.get(i));
    }
    CompletableFuture<List<KeyValue<String, byte[]>>> read =
        start(() -> commands.mget(redisKeys));
    return read.handle(
        (values, failure) -> {
          if (failure != null) {
            throw Failures.of(name, "MGET", failure);
          }
          Map<String, CacheEntry<V>> found = new LinkedHashMap<>();
          for (int i = 0; i < ordered.size() && i < values.size(); i++) {
            KeyValue<String, byte[]> value = values.get(i);
            byte[] bytes = value.hasValue() ? value.getValue() : null;
            CacheEntry<V> entry = decode(ordered.get(i), bytes);
            if (entry != null) {
              found.put(ordered.get(i), entry);
            }
          }
          return found;
        });
  }

  /** Decodes stored bytes; undecodable ones are reported, removed and read as a miss. */
  private @Nullable CacheEntry<V> decode(String key, byte @Nullable [] bytes) {
    if (bytes == null) {
      return null;
    }
    CacheEntry<V> entry;
    try {
      entry = EntryFormat.decode(bytes, codec);
    } catch (CorruptEntryException e) {
      String reason = e.getMessage() != null ? e.getMessage() : e.toString();
      try {
        events.onCorruptEntry(key, reason);
      } catch (RuntimeException ignored) {
        // A listener must not throw; if it does, the read is still a miss.
      }
      removeIfStill(key, bytes);
      return null;
    }
    // Redis expires the key by its own clock; never return an entry the tier's clock calls gone.
    return entry.isGone(clock.millis()) ? null : entry;
  }

  /** Removes a key, with its index, only if it still holds the given (corrupt) bytes. */
  private void removeIfStill(String key, byte[] corrupt) {
    if (closed.get()) {
      return;
    }
    try {
      write(key, CAD, corrupt, EMPTY, Set.of());
    } catch (RuntimeException ignored) {
      // Best effort: the next read finds the bytes again and retries.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  @Override
  public CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    ensureOpen();
    return putChecked(key, entry);
  }

  @Override
  public CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    Map<String, CacheEntry<V>> copy = new LinkedHashMap<>();
    entries.forEach(
        (key, entry) ->
            copy.put(
                Objects.requireNonNull(key, "entries must not contain a null key"),
                Objects.requireNonNull(entry, "entries must not contain a null entry")));
    ensureOpen();
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    // Each write is one script call on the shared connection: sent back to back, they are
    // pipelined, and the batch completes when the last answer arrives.
    List<CompletableFuture<Void>> writes = new ArrayList<>(copy.size());
    copy.forEach((key, entry) -> writes.add(putChecked(key, entry)));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture<?>[]::new));
  }

  private CompletableFuture<Void> putChecked(String key, CacheEntry<V> entry) {
    long now = clock.millis();
    CompletableFuture<Long> written;
    if (entry.isGone(now)) {
      written = write(key, DEL, EMPTY, EMPTY, Set.of());
    } else {
      byte[] value;
      try {
        value = EntryFormat.encode(entry, codec);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      long retain = entry.retainMillis(now);
      byte[] px = retain >= MAX_PX ? NO_EXPIRY : bytes(Long.toString(Math.max(1, retain)));
      written = write(key, PUT, value, px, entry.tags());
    }
    return written.handle(
        (ignored, failure) -> {
          if (failure != null) {
            throw Failures.of(name, "a write", failure);
          }
          return null;
        });
  }

  @Override
  public CompletableFuture<Boolean> invalidate(String key) {
    Objects.requireNonNull(key, "key must not be null");
    ensureOpen();
    return write(key, DEL, EMPTY, EMPTY, Set.of())
        .handle(
            (removed, failure) -> {
              if (failure != null) {
                throw Failures.of(name, "an invalidation", failure);
              }
              return removed != null && removed > 0;
            });
  }

  /** Runs the write script for a key: put, delete, or compare-and-delete. */
  private CompletableFuture<Long> write(
      String key, byte[] mode, byte[] value, byte[] px, Set<String> tags) {
    int shard = layout.shardOf(key);
    String[] keys = {layout.entryKey(key), layout.tagListKey(key), layout.registryKey(shard)};
    if (ownWrites != null) {
      // Remembered before it is sent, so that its tracking report cannot arrive first. A
      // compare-and-delete that finds other bytes changes nothing and is reported by no one.
      ownWrites.wrote(keys[0], mode == PUT ? value : null);
    }
    byte[][] args = new byte[5 + tags.size()][];
    args[0] = mode;
    args[1] = bytes(layout.shardPrefix(shard));
    args[2] = bytes(key);
    args[3] = value;
    args[4] = px;
    int i = 5;
    for (String tag : tags) {
      args[i++] = bytes(tag);
    }
    return start(() -> LuaScript.WRITE.run(commands, ScriptOutputType.INTEGER, keys, args));
  }

  // ---------------------------------------------------------------------------------------------
  // Tags

  @Override
  public CompletableFuture<Set<String>> invalidateByTag(String tag) {
    CacheEntry.checkTag(tag);
    ensureOpen();
    return perShard(
        "tag invalidation",
        shard ->
            LuaScript.INVALIDATE_BY_TAG.run(
                commands,
                ScriptOutputType.MULTI,
                new String[] {layout.tagSetKey(shard, tag), layout.registryKey(shard)},
                bytes(layout.shardPrefix(shard)),
                bytes(tag)));
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    CacheEntry.checkTag(tag);
    ensureOpen();
    return perShard(
        "keysByTag",
        shard ->
            LuaScript.KEYS_BY_TAG.run(
                commands,
                ScriptOutputType.MULTI,
                new String[] {layout.tagSetKey(shard, tag), layout.registryKey(shard)},
                bytes(layout.shardPrefix(shard)),
                bytes(tag)));
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    ensureOpen();
    return perShard(
        "tags",
        shard ->
            LuaScript.TAGS.run(
                commands,
                ScriptOutputType.MULTI,
                new String[] {layout.registryKey(shard)},
                bytes(layout.shardPrefix(shard))));
  }

  /** Runs a script returning strings on every shard, at once, and unites the answers. */
  private CompletableFuture<Set<String>> perShard(
      String what, Function<Integer, CompletableFuture<List<Object>>> script) {
    List<CompletableFuture<List<Object>>> answers = new ArrayList<>(layout.shards());
    for (int shard = 0; shard < layout.shards(); shard++) {
      int current = shard;
      answers.add(start(() -> script.apply(current)));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture<?>[]::new))
        .handleAsync(
            (done, failure) -> {
              if (failure != null) {
                throw Failures.of(name, what, failure);
              }
              Set<String> union = new HashSet<>();
              for (CompletableFuture<List<Object>> answer : answers) {
                for (Object item : answer.join()) {
                  if (item instanceof byte[]) {
                    union.add(new String((byte[]) item, StandardCharsets.UTF_8));
                  }
                }
              }
              return Set.copyOf(union);
            },
            executor);
  }

  // ---------------------------------------------------------------------------------------------
  // Clear and close

  /**
   * Removes every key of the tier's namespace: {@code SCAN MATCH <prefix>*} in batches of 1,000,
   * each removed with {@code UNLINK} (on a cluster, on every node). Not atomic: an entry written
   * while it runs may survive.
   */
  @Override
  public CompletableFuture<Void> clear() {
    ensureOpen();
    ScanArgs args = ScanArgs.Builder.matches(layout.scanPattern()).limit(SCAN_BATCH);
    return clearFrom(ScanCursor.INITIAL, args)
        .handleAsync(
            (ignored, failure) -> {
              if (failure != null) {
                throw Failures.of(name, "clear (SCAN and UNLINK)", failure);
              }
              return null;
            },
            executor);
  }

  private CompletableFuture<Void> clearFrom(ScanCursor cursor, ScanArgs args) {
    CompletableFuture<KeyScanCursor<String>> page = start(() -> commands.scan(cursor, args));
    return page.thenCompose(
        found -> {
          List<String> keys = found.getKeys();
          CompletableFuture<Long> removed = keys.isEmpty()
              ? CompletableFuture.completedFuture(0L)
              : start(() -> commands.unlink(keys.toArray(String[]::new)));
          return removed.thenCompose(
              count -> found.isFinished()
                  ? CompletableFuture.completedFuture(null)
                  : clearFrom(found, args));
        });
  }

  @Override
  public Optional<InvalidationBus> invalidationBus() {
    return Optional.ofNullable(bus);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connections.close();
  }

  @Override
  public String toString() {
    return "RedisBackend[" + name + " " + settings.redactedUri + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Redis tier '" + name + "' is closed");
    }
  }

  /** Starts a command; a command refused at once becomes a failed future. */
  private static <T> CompletableFuture<T> start(
      java.util.function.Supplier<? extends java.util.concurrent.CompletionStage<T>> command) {
    try {
      return command.get().toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
