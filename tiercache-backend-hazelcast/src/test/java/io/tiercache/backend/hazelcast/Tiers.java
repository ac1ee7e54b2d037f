package io.tiercache.backend.hazelcast;

import io.tiercache.BackendRegistry;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Opens Hazelcast tiers the way a stack does, and helps tests use them. */
final class Tiers {

  static final Duration AWAIT = Duration.ofSeconds(30);

  private Tiers() {}

  /** Checks and opens a tier through the registry, with the system clock. */
  static HazelcastBackend<String> open(String uri) {
    return open(uri, TierEvents.NONE);
  }

  /** Checks and opens a tier through the registry, with the system clock. */
  static HazelcastBackend<String> open(String uri, TierEvents events) {
    BackendRegistry registry = BackendRegistry.load();
    return (HazelcastBackend<String>)
        registry.open(registry.checkTier(uri), ValueCodec.utf8(), TierClock.system(), events);
  }

  /**
   * Opens a stack of one tier, as the stacks of a test open that tier (with the stack's
   * defaults), so that it shares their Hazelcast client and keeps it open between them.
   */
  static CacheBackend<String> keepClientOf(String uri) {
    return TieredCache.builder(ValueCodec.utf8()).tiers(uri).coherence(false).build();
  }

  /** An entry fresh for an hour, then stale for ten minutes. */
  static CacheEntry<String> lasting(String value, String... tags) {
    return CacheEntry.of(
        value, System.currentTimeMillis(), Duration.ofHours(1), Duration.ofMinutes(10),
        Set.of(tags));
  }

  /**
   * Damages what the map holds under a key, bypassing the tier: flips a byte of a stored frame
   * (its checksum then fails), or writes bytes that are no entry at all.
   */
  static void corrupt(CacheBackend<?> backend, String key) {
    HazelcastBackend<?> tier = (HazelcastBackend<?>) backend;
    Object stored = tier.map().get(key);
    if (stored instanceof StoredEntry && ((StoredEntry) stored).frame() != null) {
      byte[] frame = Arrays.copyOf(((StoredEntry) stored).frame(), ((StoredEntry) stored)
          .frame().length);
      frame[frame.length / 2] ^= 0x5A;
      tier.map().set(key, new StoredEntry(frame, new String[0], ((StoredEntry) stored)
          .staleUntil()));
    } else {
      tier.map().set(
          key,
          new StoredEntry("not a tiercache entry".getBytes(java.nio.charset.StandardCharsets.UTF_8),
              new String[0], Long.MAX_VALUE));
    }
  }

  static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(AWAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** Polls a condition until it holds, failing after {@code timeout}. */
  static void eventually(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /** Polls a condition until it holds, failing after 30 s. */
  static void eventually(String what, BooleanSupplier condition) {
    eventually(what, AWAIT, condition);
  }
}
