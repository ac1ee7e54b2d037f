package io.tiercache.backend.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Lua scripts that keep an entry and its tag index consistent, each run atomically by the
 * server on the keys of one shard ({@link KeyLayout}).
 *
 * <p>Scripts run with {@code EVALSHA}; when the server does not know the script (after a restart,
 * a failover or {@code SCRIPT FLUSH}) the {@code NOSCRIPT} error is answered at once, on the
 * connection's I/O thread, by sending the same call as {@code EVAL}, which also caches it. Calls
 * refused together are re-sent in the order their errors arrive, so writes of one key, which a
 * {@code TieredCache} never has two of in flight, keep their order.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class LuaScript {

  /**
   * Writes or removes an entry and keeps the tag index exact.
   *
   * <pre>
   * KEYS[1] entry, KEYS[2] the entry's tag list, KEYS[3] the shard's registry of tags
   * ARGV[1] 'put' | 'del' | 'cad' (delete only if the entry still holds ARGV[4])
   * ARGV[2] shard prefix, ARGV[3] the tier's key, ARGV[4] value, ARGV[5] PX (0: no expiry),
   * ARGV[6..] tags
   * returns 1 if written or removed, 0 if there was nothing to remove
   * </pre>
   *
   * <p>Each tag's set expires with its longest-lived entry, and each tagged write drops up to two
   * members of the set whose entries are gone, and one registered tag whose set is gone, so that
   * the index does not grow with entries that expired unnoticed.
   */
  public static final LuaScript WRITE = new LuaScript("write", String.join("\n",
      "local mode = ARGV[1]",
      "if mode == 'cad' and redis.call('GET', KEYS[1]) ~= ARGV[4] then",
      "  return 0",
      "end",
      "local S = ARGV[2]",
      "local key = ARGV[3]",
      "local old = redis.call('SMEMBERS', KEYS[2])",
      "for i = 1, #old do",
      "  local set = S .. 't:' .. old[i]",
      "  redis.call('SREM', set, key)",
      "  if redis.call('SCARD', set) == 0 then",
      "    redis.call('SREM', KEYS[3], old[i])",
      "  end",
      "end",
      "if #old > 0 then",
      "  redis.call('DEL', KEYS[2])",
      "end",
      "if mode ~= 'put' then",
      "  return redis.call('DEL', KEYS[1])",
      "end",
      "local px = tonumber(ARGV[5])",
      "if px > 0 then",
      "  redis.call('SET', KEYS[1], ARGV[4], 'PX', px)",
      "else",
      "  redis.call('SET', KEYS[1], ARGV[4])",
      "end",
      "if #ARGV < 6 then",
      "  return 1",
      "end",
      "for i = 6, #ARGV do",
      "  local tag = ARGV[i]",
      "  local set = S .. 't:' .. tag",
      "  local created = redis.call('EXISTS', set) == 0",
      "  redis.call('SADD', set, key)",
      "  redis.call('SADD', KEYS[2], tag)",
      "  redis.call('SADD', KEYS[3], tag)",
      "  if px == 0 then",
      "    redis.call('PERSIST', set)",
      "  elseif created then",
      "    redis.call('PEXPIRE', set, px)",
      "  else",
      "    local ttl = redis.call('PTTL', set)",
      "    if ttl >= 0 and ttl < px then",
      "      redis.call('PEXPIRE', set, px)",
      "    end",
      "  end",
      "  local sample = redis.call('SRANDMEMBER', set, 2)",
      "  for j = 1, #sample do",
      "    local m = sample[j]",
      "    if m ~= key and (redis.call('SISMEMBER', S .. 'k:' .. m, tag) == 0",
      "        or redis.call('EXISTS', S .. 'e:' .. m) == 0) then",
      "      redis.call('SREM', set, m)",
      "    end",
      "  end",
      "end",
      "if px > 0 then",
      "  redis.call('PEXPIRE', KEYS[2], px)",
      "end",
      "local registered = redis.call('SRANDMEMBER', KEYS[3])",
      "if registered and redis.call('EXISTS', S .. 't:' .. registered) == 0 then",
      "  redis.call('SREM', KEYS[3], registered)",
      "end",
      "return 1"));

  /**
   * Removes every entry carrying a tag, with the tag index, and returns their keys.
   *
   * <pre>
   * KEYS[1] the tag's set, KEYS[2] the shard's registry; ARGV[1] shard prefix, ARGV[2] tag
   * returns the keys whose entries were removed, each once
   * </pre>
   */
  public static final LuaScript INVALIDATE_BY_TAG = new LuaScript("invalidate-by-tag",
      String.join("\n",
          "local S = ARGV[1]",
          "local tag = ARGV[2]",
          "local members = redis.call('SMEMBERS', KEYS[1])",
          "local removed = {}",
          "for i = 1, #members do",
          "  local m = members[i]",
          "  local list = S .. 'k:' .. m",
          "  if redis.call('SISMEMBER', list, tag) == 1 then",
          "    local tags = redis.call('SMEMBERS', list)",
          "    for j = 1, #tags do",
          "      if tags[j] ~= tag then",
          "        local set = S .. 't:' .. tags[j]",
          "        redis.call('SREM', set, m)",
          "        if redis.call('SCARD', set) == 0 then",
          "          redis.call('SREM', KEYS[2], tags[j])",
          "        end",
          "      end",
          "    end",
          "    redis.call('DEL', list)",
          "    if redis.call('DEL', S .. 'e:' .. m) == 1 then",
          "      removed[#removed + 1] = m",
          "    end",
          "  end",
          "end",
          "redis.call('DEL', KEYS[1])",
          "redis.call('SREM', KEYS[2], tag)",
          "return removed"));

  /**
   * Lists the keys whose live entries carry a tag, dropping dead members from the set.
   *
   * <pre>
   * KEYS[1] the tag's set, KEYS[2] the shard's registry; ARGV[1] shard prefix, ARGV[2] tag
   * returns the keys
   * </pre>
   */
  public static final LuaScript KEYS_BY_TAG = new LuaScript("keys-by-tag", String.join("\n",
      "local S = ARGV[1]",
      "local tag = ARGV[2]",
      "local members = redis.call('SMEMBERS', KEYS[1])",
      "local live = {}",
      "for i = 1, #members do",
      "  local m = members[i]",
      "  if redis.call('SISMEMBER', S .. 'k:' .. m, tag) == 1",
      "      and redis.call('EXISTS', S .. 'e:' .. m) == 1 then",
      "    live[#live + 1] = m",
      "  else",
      "    redis.call('SREM', KEYS[1], m)",
      "  end",
      "end",
      "if #live == 0 then",
      "  redis.call('SREM', KEYS[2], tag)",
      "end",
      "return live"));

  /**
   * Lists the tags carried by at least one live entry, dropping dead tags and members.
   *
   * <pre>
   * KEYS[1] the shard's registry; ARGV[1] shard prefix
   * returns the tags
   * </pre>
   */
  public static final LuaScript TAGS = new LuaScript("tags", String.join("\n",
      "local S = ARGV[1]",
      "local tags = redis.call('SMEMBERS', KEYS[1])",
      "local live = {}",
      "for i = 1, #tags do",
      "  local tag = tags[i]",
      "  local set = S .. 't:' .. tag",
      "  local members = redis.call('SMEMBERS', set)",
      "  local alive = false",
      "  for j = 1, #members do",
      "    local m = members[j]",
      "    if redis.call('SISMEMBER', S .. 'k:' .. m, tag) == 1",
      "        and redis.call('EXISTS', S .. 'e:' .. m) == 1 then",
      "      alive = true",
      "      break",
      "    end",
      "    redis.call('SREM', set, m)",
      "  end",
      "  if alive then",
      "    live[#live + 1] = tag",
      "  else",
      "    redis.call('SREM', KEYS[1], tag)",
      "  end",
      "end",
      "return live"));

  /**
   * Returns a fingerprint of a key's value: empty if there is none, else its length in decimal,
   * a colon, and its last four bytes (an entry's CRC-32C). Reads only.
   *
   * <pre>
   * KEYS[1] the key
   * </pre>
   */
  public static final LuaScript FINGERPRINT = new LuaScript("fingerprint", String.join("\n",
      "local n = redis.call('STRLEN', KEYS[1])",
      "if n == 0 then",
      "  return ''",
      "end",
      "return n .. ':' .. redis.call('GETRANGE', KEYS[1], -4, -1)"));

  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  /**
   * Returns the script's name, for messages.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the Lua source.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * Returns the SHA-1 digest of the source, as {@code EVALSHA} names the script.
   *
   * @return 40 lower-case hex digits
   */
  public String sha() {
    return sha;
  }

  /**
   * Runs the script with {@code EVALSHA}, falling back to {@code EVAL} on {@code NOSCRIPT}.
   *
   * @param commands the connection's commands
   * @param type the reply type
   * @param keys the script's keys, all of one shard
   * @param args the script's arguments
   * @param <T> the reply type
   * @return a future of the reply; completed on the connection's I/O thread
   */
  public <T> CompletableFuture<T> run(
      RedisClusterAsyncCommands<String, byte[]> commands,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    CompletableFuture<T> first = commands.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return first
        .handle(
            (value, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(value);
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (cause instanceof RedisNoScriptException) {
                return commands.<T>eval(source, type, keys, args).toCompletableFuture();
              }
              return CompletableFuture.<T>failedFuture(cause);
            })
        .thenCompose(next -> next);
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + " " + sha + "]";
  }

  private static String sha1(String source) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
