package io.tiercache.backend.ehcache;

import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Damages what an Ehcache tier stores under a key, bypassing the tier. */
final class Corruption {

  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

  private Corruption() {}

  /**
   * Writes damaged bytes under a key: the first time for a key, bytes that are not a tiercache
   * frame at all; then a valid frame of an entry with one byte of its value flipped.
   */
  static void damage(CacheBackend<?> backend, String key) {
    @SuppressWarnings("unchecked")
    EhcacheBackend<String> tier = (EhcacheBackend<String>) backend;
    int attempt = ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    if (attempt % 2 == 0) {
      tier.writeStoredBytes(key, "not a tiercache entry".getBytes(StandardCharsets.UTF_8));
    } else {
      tier.writeStoredBytes(key, flipped(tier, key));
    }
  }

  /** A valid frame for the key with one byte of the value flipped. */
  static byte[] flipped(EhcacheBackend<String> tier, String key) {
    byte[] frame =
        tier.frameOf(
            key, new CacheEntry<>("an intact value", CacheEntry.NEVER, CacheEntry.NEVER, Set.of()));
    frame[frame.length - 8] ^= 0x20;
    return frame;
  }
}
