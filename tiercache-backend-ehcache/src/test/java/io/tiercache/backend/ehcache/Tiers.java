package io.tiercache.backend.ehcache;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Opens ehcache tiers the way a stack does: discovered, checked and opened by the registry. */
final class Tiers {

  private Tiers() {}

  static EhcacheBackend<String> open(String uri, TierClock clock) {
    return open(uri, clock, TierEvents.NONE);
  }

  static EhcacheBackend<String> open(String uri, TierClock clock, TierEvents events) {
    return open(uri, ValueCodec.utf8(), clock, events);
  }

  static <V> EhcacheBackend<V> open(
      String uri, ValueCodec<V> codec, TierClock clock, TierEvents events) {
    BackendRegistry registry = BackendRegistry.load();
    return (EhcacheBackend<V>) registry.open(registry.checkTier(uri), codec, clock, events);
  }

  /** The URI of a persistent disk tier (with an off-heap tier above it) in a folder. */
  static String persistentDisk(Path folder) {
    return "ehcache:" + folder.toUri().getRawPath()
        + "?entries=100&offheap=4MB&disk=32MB&persistent=true";
  }

  /** An entry fresh for {@code ttl} from the clock's now, then stale for {@code staleFor}. */
  static CacheEntry<String> entry(
      String value, TierClock clock, Duration ttl, Duration staleFor, String... tags) {
    return CacheEntry.of(value, clock.millis(), ttl, staleFor, Set.of(tags));
  }

  /** An entry that lives an hour. */
  static CacheEntry<String> lasting(String value, TierClock clock, String... tags) {
    return entry(value, clock, Duration.ofHours(1), Duration.ZERO, tags);
  }

  /** An entry that never expires. */
  static CacheEntry<String> forever(String value, String... tags) {
    return new CacheEntry<>(value, CacheEntry.NEVER, CacheEntry.NEVER, Set.of(tags));
  }
}
