package io.tiercache.backend.ehcache.internal;

import io.tiercache.backend.ehcache.internal.TagIndex.Member;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ehcache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * Saves a persistent tier's {@link TagIndex} into its tags cache when the tier closes, and reads
 * it back when it opens: a {@link TagRecord} per tag, then the manifest, written last, which
 * counts them and names the codec of the entries. A reader trusts a snapshot only if the manifest
 * is there, names the same codec, and counts exactly the records found.
 */
public final class TagSnapshot {

  private TagSnapshot() {}

  /**
   * Replaces what the tags cache holds by the index. Call while no key changes (under every
   * key's lock).
   *
   * @param index the index
   * @param records the tags cache
   * @param now the time, epoch ms: entries gone by then are left out
   * @param codecFingerprint the fingerprint of the codec of the entries
   */
  public static void save(
      TagIndex index, Cache<String, TagRecord> records, long now, int codecFingerprint) {
    records.clear();
    Map<String, List<Member>> members = index.members(now);
    long count = 0;
    for (Map.Entry<String, List<Member>> tag : members.entrySet()) {
      records.put(tag.getKey(), TagRecord.members(tag.getValue()));
      count += tag.getValue().size();
    }
    records.put(
        TagRecord.MANIFEST_KEY, TagRecord.manifest(members.size(), count, codecFingerprint));
  }

  /**
   * Reads a saved index into an (empty) index, if the snapshot is whole and of the same codec.
   * Keys whose entries are gone by {@code now}, or no longer stored, are left out.
   *
   * @param records the tags cache
   * @param codecFingerprint the fingerprint of the codec the tier reads with
   * @param codecName the codec's id and version, for the message
   * @param stored tells whether the store still holds an entry under a key
   * @param now the time, epoch ms
   * @param index receives the keys, when the snapshot is trusted
   * @return {@code null} if the index was read; otherwise why the snapshot cannot be trusted,
   *     and {@code index} is left untouched
   */
  public static @Nullable String restore(
      Cache<String, TagRecord> records,
      int codecFingerprint,
      String codecName,
      Predicate<String> stored,
      long now,
      TagIndex index) {
    TagRecord manifest = records.get(TagRecord.MANIFEST_KEY);
    if (manifest == null || !manifest.isManifest()) {
      return "its tag index was not saved when it was last closed";
    }
    if (manifest.codecFingerprint() != codecFingerprint) {
      return "its entries were written by another codec or codec version (this tier reads"
          + " codec " + codecName + ")";
    }
    Map<String, Set<String>> tagsByKey = new HashMap<>();
    Map<String, Long> staleUntilByKey = new HashMap<>();
    long tagCount = 0;
    long memberCount = 0;
    for (Iterator<Cache.Entry<String, TagRecord>> it = records.iterator(); it.hasNext(); ) {
      Cache.Entry<String, TagRecord> record = it.next();
      String tag = record.getKey();
      if (tag.equals(TagRecord.MANIFEST_KEY)) {
        continue;
      }
      TagRecord value = record.getValue();
      if (value.problem() != null || value.isManifest()) {
        return "the record of tag '" + tag + "' is damaged: " + value.problem();
      }
      tagCount++;
      for (Member member : value.members()) {
        memberCount++;
        tagsByKey.computeIfAbsent(member.key(), k -> new HashSet<>()).add(tag);
        staleUntilByKey.put(member.key(), member.staleUntil());
      }
    }
    if (tagCount != manifest.tagCount() || memberCount != manifest.memberCount()) {
      return "its tag index is incomplete (" + tagCount + " of " + manifest.tagCount()
          + " tags, " + memberCount + " of " + manifest.memberCount() + " keys)";
    }
    tagsByKey.forEach(
        (key, tags) -> {
          long staleUntil = staleUntilByKey.get(key);
          // An entry that expired, or was evicted, since the index was saved is not listed.
          if (now < staleUntil && stored.test(key)) {
            index.put(key, Set.copyOf(tags), staleUntil);
          }
        });
    return null;
  }
}
