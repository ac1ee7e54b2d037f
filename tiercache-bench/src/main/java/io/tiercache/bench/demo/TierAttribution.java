package io.tiercache.bench.demo;

import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.LocalCacheBackend;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Tells each demo read which tier answered it. The tiered core counts hits per tier but cannot say
 * which tier answered a given call, which the demo needs to time the reads each tier answered; so
 * the demo opens each tier itself and {@link #wrap wraps} it in a decorator that marks the
 * client's {@link ReadProbe} on every hit.
 *
 * <p>A tier read on the client's own thread (every in-process tier, and the first remote tier
 * below them) marks the thread's probe. A tier read on another thread (a tier below a remote
 * tier, read when the remote tier's future completes) finds the probe by key, in a map the
 * clients fill around each read when the stack has a remote tier; if two clients read the same
 * key at that moment, either may be marked.
 */
final class TierAttribution {

  private final boolean byKey;
  private final ConcurrentHashMap<String, ReadProbe> reading = new ConcurrentHashMap<>();

  /**
   * Creates the attribution of one stack.
   *
   * @param byKey whether reads also register by key, for tiers read on other threads
   */
  TierAttribution(boolean byKey) {
    this.byKey = byKey;
  }

  /**
   * Wraps a tier so that its hits mark the reader's probe. An in-process tier stays a
   * {@link LocalCacheBackend}, so the core keeps reading it synchronously.
   *
   * @param backend the open tier
   * @param tier its index in the stack, 0 for L1
   * @param <V> the value type
   * @return the decorated tier, which owns {@code backend}
   */
  <V> CacheBackend<V> wrap(CacheBackend<V> backend, int tier) {
    if (backend instanceof LocalCacheBackend) {
      return new AttributedLocalTier<>((LocalCacheBackend<V>) backend, tier, this);
    }
    return new AttributedTier<>(backend, tier, this);
  }

  /**
   * Registers a read about to start, when the stack needs it.
   *
   * @param key the key read
   * @param probe the reader's probe
   */
  void begin(String key, ReadProbe probe) {
    if (byKey) {
      reading.put(key, probe);
    }
  }

  /**
   * Unregisters a read that has returned.
   *
   * @param key the key read
   * @param probe the reader's probe
   */
  void end(String key, ReadProbe probe) {
    if (byKey) {
      reading.remove(key, probe);
    }
  }

  /**
   * Marks a hit.
   *
   * @param tier the tier that found the key
   * @param key the key
   * @param caller the probe of the thread that started the tier's read, if any
   */
  void hit(int tier, String key, @Nullable ReadProbe caller) {
    ReadProbe probe = caller != null ? caller : byKey ? reading.get(key) : null;
    if (probe != null) {
      probe.answered(tier);
    }
  }
}
