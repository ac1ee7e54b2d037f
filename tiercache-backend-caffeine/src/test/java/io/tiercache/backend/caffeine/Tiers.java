package io.tiercache.backend.caffeine;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.Set;

/** Opens caffeine tiers the way a stack does: discovered, checked and opened by the registry. */
final class Tiers {

  private Tiers() {}

  static CaffeineBackend<String> open(String uri, TierClock clock) {
    return open(uri, clock, TierEvents.NONE);
  }

  static CaffeineBackend<String> open(String uri, TierClock clock, TierEvents events) {
    BackendRegistry registry = BackendRegistry.load();
    return (CaffeineBackend<String>)
        registry.open(registry.checkTier(uri), ValueCodec.utf8(), clock, events);
  }

  /** An entry fresh for {@code ttl} from the clock's now, then stale for {@code staleFor}. */
  static CacheEntry<String> entry(
      String value, TierClock clock, Duration ttl, Duration staleFor, String... tags) {
    return CacheEntry.of(value, clock.millis(), ttl, staleFor, Set.of(tags));
  }

  /** An entry that never expires. */
  static CacheEntry<String> forever(String value, String... tags) {
    return new CacheEntry<>(value, CacheEntry.NEVER, CacheEntry.NEVER, Set.of(tags));
  }
}
