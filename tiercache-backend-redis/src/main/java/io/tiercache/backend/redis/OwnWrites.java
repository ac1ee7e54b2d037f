package io.tiercache.backend.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The tier's own writes whose client-tracking report has not arrived yet, so that a stack's own
 * writes do not evict its own local copies.
 *
 * <p>{@code NOLOOP} should keep the server from reporting a connection's own changes to it, but
 * Redis (6.2 and 7.0 at least) ignores it for keys changed inside a script, and every write of
 * this tier is a script. So each write is remembered here with a fingerprint of what it left
 * under the key (the length and the CRC-32C that ends every entry, or nothing for a removal).
 * When a report names a remembered key, the tier reads the key's fingerprint from the server: if
 * it is still what this tier wrote, the report was its own echo (or another change already
 * overwritten by this tier) and is dropped; otherwise, or if the check fails, it is delivered.
 * A report never goes missing this way; at worst it costs one round trip.
 *
 * <p>At most {@value #MAX_PENDING} keys are remembered; beyond that the memory is dropped, which
 * only lets echoes through. Safe for concurrent use.
 */
final class OwnWrites {

  /** The most keys remembered at once. */
  static final int MAX_PENDING = 100_000;

  private static final byte[] ABSENT = new byte[0];

  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

  /** What one key is expected to hold, and how many reports of this tier's writes are due. */
  private static final class Pending {
    final byte[] fingerprint;
    final int due;

    Pending(byte[] fingerprint, int due) {
      this.fingerprint = fingerprint;
      this.due = due;
    }
  }

  /**
   * Remembers a write about to be sent.
   *
   * @param redisKey the entry's Redis key
   * @param value the bytes written, or {@code null} for a removal
   */
  void wrote(String redisKey, byte @Nullable [] value) {
    if (pending.size() >= MAX_PENDING) {
      pending.clear();
    }
    byte[] expected = fingerprint(value);
    pending.merge(redisKey, new Pending(expected, 1),
        (old, next) -> new Pending(expected, old.due + 1));
  }

  /**
   * Takes one due report of a key, if this tier wrote it.
   *
   * @param redisKey the key reported
   * @return the fingerprint to check the key against, or {@code null} to deliver the report
   */
  byte @Nullable [] takeEcho(String redisKey) {
    byte[][] taken = new byte[1][];
    pending.computeIfPresent(redisKey, (key, current) -> {
      taken[0] = current.fingerprint;
      return current.due > 1 ? new Pending(current.fingerprint, current.due - 1) : null;
    });
    return taken[0];
  }

  /** Forgets every write, after the tracking connection was lost. */
  void clear() {
    pending.clear();
  }

  /** Returns the number of keys remembered. */
  int size() {
    return pending.size();
  }

  /**
   * Returns the fingerprint of stored bytes, as {@link io.tiercache.backend.redis.internal
   * .LuaScript#FINGERPRINT} computes it on the server: empty for no value, else the length in
   * decimal, a colon, and the last four bytes.
   */
  static byte[] fingerprint(byte @Nullable [] value) {
    if (value == null || value.length == 0) {
      return ABSENT;
    }
    byte[] length = (value.length + ":").getBytes(StandardCharsets.US_ASCII);
    int tail = Math.min(4, value.length);
    byte[] print = Arrays.copyOf(length, length.length + tail);
    System.arraycopy(value, value.length - tail, print, length.length, tail);
    return print;
  }

  @Override
  public String toString() {
    return "OwnWrites[" + pending.size() + " pending]";
  }
}
