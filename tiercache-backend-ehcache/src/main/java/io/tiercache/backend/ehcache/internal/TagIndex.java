package io.tiercache.backend.ehcache.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The tags of a tier's stored entries, in this process: for each key whose entry carries tags,
 * those tags and the entry's {@code staleUntil}; for each tag, its keys.
 *
 * <p>Changes of one key ({@link #put}, {@link #remove}) must be made under that key's lock, where
 * the entry itself changes, so that no two changes of a key interleave. Each tag's key set is
 * changed only inside a {@code compute} of that tag, which also drops the set when it empties, so
 * a key added to a tag can never land in a set being dropped. The queries are lock-free and see
 * each key either before or after a change.
 *
 * <p>An entry past its {@code staleUntil} may still be indexed until the store removes it;
 * {@link #keys}, {@link #tags} and {@link #carries} leave it out.
 *
 * <p>Safe for concurrent use under the rule above.
 */
public final class TagIndex {

  private final ConcurrentHashMap<String, Indexed> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();

  /** Creates an empty index. */
  public TagIndex() {}

  /**
   * Records the tags of a key's new entry, replacing those of its old one. Call under the key's
   * lock.
   *
   * @param key the key
   * @param tags the tags of its entry now stored; empty to unindex the key
   * @param staleUntil the entry's {@code staleUntil}
   */
  public void put(String key, Set<String> tags, long staleUntil) {
    Indexed old = tags.isEmpty() ? byKey.remove(key) : byKey.put(key, new Indexed(tags, staleUntil));
    if (old != null) {
      for (String tag : old.tags) {
        if (!tags.contains(tag)) {
          unlink(tag, key);
        }
      }
    }
    for (String tag : tags) {
      // Linked even when the old entry carried the tag: idempotent, and it repairs rather than
      // trusts the index.
      link(tag, key);
    }
  }

  /**
   * Unindexes a key whose entry is gone. Call under the key's lock.
   *
   * @param key the key
   * @return {@code true} if the key was indexed
   */
  public boolean remove(String key) {
    Indexed old = byKey.remove(key);
    if (old == null) {
      return false;
    }
    for (String tag : old.tags) {
      unlink(tag, key);
    }
    return true;
  }

  /**
   * Tells whether a key is indexed, gone or not.
   *
   * @param key the key
   * @return {@code true} if its entry carries tags and has not been unindexed
   */
  public boolean contains(String key) {
    return byKey.containsKey(key);
  }

  /**
   * Returns the {@code staleUntil} of a key's indexed entry.
   *
   * @param key the key
   * @return the epoch millisecond, or {@code null} if the key is not indexed
   */
  public @Nullable Long staleUntil(String key) {
    Indexed indexed = byKey.get(key);
    return indexed == null ? null : indexed.staleUntil;
  }

  /**
   * Tells whether a key's indexed entry carries a tag and is not gone.
   *
   * @param key the key
   * @param tag the tag
   * @param now the time, epoch ms
   * @return {@code true} if so
   */
  public boolean carries(String key, String tag, long now) {
    Indexed indexed = byKey.get(key);
    return indexed != null && now < indexed.staleUntil && indexed.tags.contains(tag);
  }

  /**
   * Tells whether a key's indexed entry carries a tag, gone or not.
   *
   * @param key the key
   * @param tag the tag
   * @return {@code true} if so
   */
  public boolean indexedUnder(String key, String tag) {
    Indexed indexed = byKey.get(key);
    return indexed != null && indexed.tags.contains(tag);
  }

  /**
   * Returns the keys indexed under a tag, gone ones included: the candidates of a tag
   * invalidation, each to be checked again under its lock.
   *
   * @param tag the tag
   * @return a snapshot
   */
  public List<String> candidates(String tag) {
    Set<String> keys = byTag.get(tag);
    return keys == null ? List.of() : new ArrayList<>(keys);
  }

  /**
   * Returns the keys whose entries carry a tag and are not gone.
   *
   * @param tag the tag
   * @param now the time, epoch ms
   * @return a snapshot
   */
  public Set<String> keys(String tag, long now) {
    Set<String> keys = byTag.get(tag);
    if (keys == null) {
      return Set.of();
    }
    Set<String> live = new HashSet<>();
    for (String key : keys) {
      if (carries(key, tag, now)) {
        live.add(key);
      }
    }
    return Collections.unmodifiableSet(live);
  }

  /**
   * Returns the tags carried by at least one entry that is not gone.
   *
   * @param now the time, epoch ms
   * @return a snapshot
   */
  public Set<String> tags(long now) {
    Set<String> live = new HashSet<>();
    for (Map.Entry<String, Set<String>> indexed : byTag.entrySet()) {
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

  /**
   * Returns every tag the index holds, without checking its entries: for tests, to see whether
   * the index was cleaned after expiry and eviction.
   *
   * @return a snapshot
   */
  public Set<String> indexedTags() {
    return Set.copyOf(byTag.keySet());
  }

  /**
   * Returns the number of indexed keys, gone ones included.
   *
   * @return the count
   */
  public int size() {
    return byKey.size();
  }

  /** Empties the index. Call while no key changes (under every key's lock). */
  public void clear() {
    byKey.clear();
    byTag.clear();
  }

  /**
   * Returns, for each tag, its keys whose entries are not gone, with their {@code staleUntil}.
   * Call while no key changes.
   *
   * @param now the time, epoch ms
   * @return the members by tag, in no particular order
   */
  public Map<String, List<Member>> members(long now) {
    Map<String, List<Member>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> indexed : byTag.entrySet()) {
      List<Member> members = new ArrayList<>(indexed.getValue().size());
      for (String key : indexed.getValue()) {
        Indexed entry = byKey.get(key);
        if (entry != null && now < entry.staleUntil) {
          members.add(new Member(key, entry.staleUntil));
        }
      }
      if (!members.isEmpty()) {
        out.put(indexed.getKey(), members);
      }
    }
    return out;
  }

  private void link(String tag, String key) {
    byTag.compute(
        tag,
        (t, keys) -> {
          Set<String> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
          set.add(key);
          return set;
        });
  }

  private void unlink(String tag, String key) {
    byTag.computeIfPresent(
        tag,
        (t, keys) -> {
          keys.remove(key);
          return keys.isEmpty() ? null : keys;
        });
  }

  @Override
  public String toString() {
    return "TagIndex[" + byKey.size() + " keys, " + byTag.size() + " tags]";
  }

  /**
   * A key listed under a tag, with the {@code staleUntil} of its entry.
   *
   * @param key the key
   * @param staleUntil the entry's {@code staleUntil}, epoch ms
   */
  public record Member(String key, long staleUntil) {}

  private static final class Indexed {
    final Set<String> tags;
    final long staleUntil;

    Indexed(Set<String> tags, long staleUntil) {
      this.tags = tags;
      this.staleUntil = staleUntil;
    }
  }
}
