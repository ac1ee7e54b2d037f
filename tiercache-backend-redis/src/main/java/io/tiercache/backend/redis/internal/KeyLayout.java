package io.tiercache.backend.redis.internal;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Where a tier keeps what in Redis: the names of its keys, its pub/sub channel and its tracking
 * prefix, all derived from the tier's {@code keyPrefix}. Part of the storage format: processes
 * sharing a tier must agree on it.
 *
 * <h2>Keys</h2>
 *
 * The namespace is split into shards, each with its own prefix {@code S}: on a standalone or
 * Sentinel server one shard whose prefix is the {@code keyPrefix} itself; on a cluster {@code n}
 * shards whose prefixes are {@code keyPrefix + "{" + tag + "}"}, each tag chosen so that the
 * shards' hash slots are spread evenly over the slot space (shard {@code i} hashes into the
 * {@code i}-th of {@code n} equal slot ranges). A key belongs to shard
 * {@code CRC-32(UTF-8 key) mod n}. Within a shard:
 *
 * <pre>
 * S + "e:" + key    the entry (EntryFormat bytes), expiring at its staleUntil
 * S + "k:" + key    the tags of a tagged entry (a set), expiring with it
 * S + "t:" + tag    the keys whose entries carry the tag (a set), expiring with its last entry
 * S + "tags"        the tags with a set in this shard (a set)
 * </pre>
 *
 * <p>The four name spaces cannot collide: after {@code S} they start with {@code e:},
 * {@code k:}, {@code t:} or are exactly {@code tags}. Every key of a shard hashes to the shard's
 * slot, so one Lua script can change an entry and its index atomically.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class KeyLayout {

  /** The number of hash slots of a Redis Cluster. */
  private static final int SLOTS = SlotHash.SLOT_COUNT;

  private final String prefix;
  private final List<String> shardPrefixes;

  private KeyLayout(String prefix, List<String> shardPrefixes) {
    this.prefix = prefix;
    this.shardPrefixes = List.copyOf(shardPrefixes);
  }

  /**
   * The layout of a standalone or Sentinel tier: one shard, prefixed by the key prefix.
   *
   * @param prefix the key prefix
   * @return the layout
   */
  public static KeyLayout single(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new KeyLayout(prefix, List.of(prefix));
  }

  /**
   * The layout of a cluster tier: {@code shards} shards, each pinned by a hash tag to a slot of
   * its own part of the slot space.
   *
   * @param prefix the key prefix, without <code>{</code> or <code>}</code>
   * @param shards the number of shards, 1 to 1024
   * @return the layout
   * @throws IllegalArgumentException if {@code shards} is out of range or the prefix holds a brace
   */
  public static KeyLayout sharded(String prefix, int shards) {
    Objects.requireNonNull(prefix, "prefix");
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("shards was " + shards + " but must be 1 to 1024");
    }
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("a cluster tier's key prefix may not hold '{' or '}'");
    }
    List<String> prefixes = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      prefixes.add(prefix + "{" + hashTag(shard, shards) + "}");
    }
    return new KeyLayout(prefix, prefixes);
  }

  /**
   * Returns the hash tag of a shard: the first base-36 counter (suffixed to the shard number)
   * whose slot falls in the shard's part of the slot space.
   */
  static String hashTag(int shard, int shards) {
    int from = (int) ((long) SLOTS * shard / shards);
    int to = (int) ((long) SLOTS * (shard + 1) / shards);
    for (int counter = 0; ; counter++) {
      String tag = Integer.toString(shard, 36) + "." + Integer.toString(counter, 36);
      int slot = SlotHash.getSlot(tag);
      if (slot >= from && slot < to) {
        return tag;
      }
    }
  }

  /**
   * Returns the key prefix the layout was made from.
   *
   * @return the prefix
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Returns the number of shards.
   *
   * @return 1 for a standalone or Sentinel tier
   */
  public int shards() {
    return shardPrefixes.size();
  }

  /**
   * Returns the shard of a key.
   *
   * @param key the key
   * @return the shard, 0 to {@code shards() - 1}
   */
  public int shardOf(String key) {
    int shards = shardPrefixes.size();
    if (shards == 1) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }

  /**
   * Returns the prefix of a shard's keys.
   *
   * @param shard the shard
   * @return the prefix
   */
  public String shardPrefix(int shard) {
    return shardPrefixes.get(shard);
  }

  /**
   * Returns the Redis key of an entry.
   *
   * @param key the tier's key
   * @return the Redis key
   */
  public String entryKey(String key) {
    return shardPrefixes.get(shardOf(key)) + "e:" + key;
  }

  /**
   * Returns the Redis key of the set of a tagged entry's tags.
   *
   * @param key the tier's key
   * @return the Redis key
   */
  public String tagListKey(String key) {
    return shardPrefixes.get(shardOf(key)) + "k:" + key;
  }

  /**
   * Returns the Redis key of the set of keys carrying a tag, in a shard.
   *
   * @param shard the shard
   * @param tag the tag
   * @return the Redis key
   */
  public String tagSetKey(int shard, String tag) {
    return shardPrefixes.get(shard) + "t:" + tag;
  }

  /**
   * Returns the Redis key of a shard's set of tags.
   *
   * @param shard the shard
   * @return the Redis key
   */
  public String registryKey(int shard) {
    return shardPrefixes.get(shard) + "tags";
  }

  /**
   * Returns the pub/sub channel of the tier's invalidation messages: the key prefix itself.
   *
   * @return the channel
   */
  public String channel() {
    return prefix;
  }

  /**
   * Returns the prefix of every entry key of a single-shard layout, which client tracking watches
   * ({@code CLIENT TRACKING ON BCAST PREFIX}).
   *
   * @return {@code keyPrefix + "e:"}
   * @throws IllegalStateException for a sharded layout
   */
  public String trackingPrefix() {
    if (shardPrefixes.size() != 1 || !shardPrefixes.get(0).equals(prefix)) {
      throw new IllegalStateException("client tracking needs a single-shard layout");
    }
    return prefix + "e:";
  }

  /**
   * Returns a {@code SCAN MATCH} pattern matching every key of the namespace: the prefix with the
   * glob characters {@code * ? [ ] \} escaped, then {@code *}.
   *
   * @return the pattern
   */
  public String scanPattern() {
    StringBuilder pattern = new StringBuilder(prefix.length() + 4);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('*').toString();
  }

  @Override
  public String toString() {
    return "KeyLayout[" + prefix + ", " + shards() + " shard" + (shards() == 1 ? "" : "s") + "]";
  }
}
