package io.tiercache.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One tier of a cache: an asynchronous store of {@link CacheEntry entries} under {@code String}
 * keys.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Safe for concurrent use by any number of threads.
 *   <li>A read returns an entry until its {@link CacheEntry#staleUntil() staleUntil}, stale or
 *       not, with the metadata it was written with, and never after. Telling fresh from stale is
 *       the caller's business.
 *   <li>A put replaces any entry under the key, including its tags: a key is listed under a tag
 *       only while the entry that carries that tag is stored.
 *   <li>Invalidation counts are of distinct keys actually removed.
 *   <li>Failures of the store complete the future exceptionally with a
 *       {@link TierAccessException}; undecodable stored bytes are a miss (reported through
 *       {@link TierEvents#onCorruptEntry}), never an exception.
 *   <li>Arguments are never {@code null}; a {@code null} argument throws
 *       {@link NullPointerException} at once, naming the argument.
 *   <li>After {@link #close()}, every operation (reads, writes, invalidations, tag queries,
 *       {@link #clear()}) fails with {@link IllegalStateException}; {@link #name()},
 *       {@link #capabilities()}, {@link #invalidationBus()} and {@code toString()} keep
 *       answering.
 * </ul>
 *
 * <p>Keys are non-empty, well-formed UTF-16 strings (no lone surrogates); a tier that needs
 * another form (a prefix, an escape) maps them itself. Sizes ({@link
 * BackendCapabilities#maxEntryBytes()}, {@code maxEntrySize}) are measured on the value as the
 * stack's {@link io.tiercache.codec.ValueCodec#encodedSize} gives it.
 *
 * @param <V> the value type
 */
public interface CacheBackend<V> extends AutoCloseable {

  /**
   * Returns the tier's name, as used in statistics and messages. Never contains credentials.
   *
   * @return the name
   */
  String name();

  /**
   * Returns what this tier can do.
   *
   * @return the capabilities, constant for the life of the backend
   */
  BackendCapabilities capabilities();

  /**
   * Reads an entry.
   *
   * @param key the key
   * @return a future of the entry, or of {@code null} if absent, gone or undecodable
   */
  CompletableFuture<@Nullable CacheEntry<V>> get(String key);

  /**
   * Reads several entries. The default issues one {@link #get} per key; stores with a batch read
   * (Redis {@code MGET}) override it.
   *
   * @param keys the keys
   * @return a future of the entries found, by key; absent keys are left out
   */
  default CompletableFuture<Map<String, CacheEntry<V>>> getAll(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    List<String> list = new ArrayList<>(keys.size());
    for (String key : keys) {
      list.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    List<CompletableFuture<@Nullable CacheEntry<V>>> reads = new ArrayList<>(list.size());
    for (String key : list) {
      reads.add(get(key));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture<?>[]::new))
        .thenApply(
            done -> {
              Map<String, CacheEntry<V>> found = new LinkedHashMap<>();
              for (int i = 0; i < list.size(); i++) {
                CacheEntry<V> entry = reads.get(i).join();
                if (entry != null) {
                  found.put(list.get(i), entry);
                }
              }
              return found;
            });
  }

  /**
   * Writes an entry, replacing any entry under the key. The tier keeps it until its
   * {@link CacheEntry#staleUntil() staleUntil}, unless evicted for room or invalidated. An entry
   * already gone by the tier's clock is not stored, and removes the old one.
   *
   * @param key the key
   * @param entry the entry
   * @return a future completed when the write is applied
   */
  CompletableFuture<Void> put(String key, CacheEntry<V> entry);

  /**
   * Writes several entries. The default issues one {@link #put} per key; stores with a batch
   * write override it.
   *
   * @param entries the entries by key
   * @return a future completed when all writes are applied
   */
  default CompletableFuture<Void> putAll(Map<String, CacheEntry<V>> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    entries.forEach(
        (key, entry) -> {
          Objects.requireNonNull(key, "entries must not contain a null key");
          Objects.requireNonNull(entry, "entries must not contain a null entry");
        });
    List<CompletableFuture<Void>> writes = new ArrayList<>(entries.size());
    entries.forEach((key, entry) -> writes.add(put(key, entry)));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture<?>[]::new));
  }

  /**
   * Removes the entry under a key.
   *
   * @param key the key
   * @return a future of {@code true} if an entry was removed; an entry already past its
   *     {@code staleUntil} does not count
   */
  CompletableFuture<Boolean> invalidate(String key);

  /**
   * Removes every entry that carries a tag.
   *
   * @param tag the tag
   * @return a future of the distinct keys removed
   */
  CompletableFuture<Set<String>> invalidateByTag(String tag);

  /**
   * Lists the keys whose stored entries carry a tag.
   *
   * @param tag the tag
   * @return a future of the keys
   */
  CompletableFuture<Set<String>> keysByTag(String tag);

  /**
   * Lists the tags carried by at least one stored entry.
   *
   * @return a future of the tags
   */
  CompletableFuture<Set<String>> tags();

  /**
   * Removes every entry of this tier (of its namespace, for a shared store).
   *
   * @return a future completed when the tier is empty
   */
  CompletableFuture<Void> clear();

  /**
   * Returns the bus on which processes sharing this tier tell each other of changes, if the tier
   * is shared and offers one. A stack with local tiers above this tier uses it by default.
   *
   * @return the bus, if any; the same instance on every call
   */
  default Optional<InvalidationBus> invalidationBus() {
    return Optional.empty();
  }

  /**
   * Releases the tier's resources. Idempotent; does not remove persistent or shared entries.
   */
  @Override
  void close();
}
