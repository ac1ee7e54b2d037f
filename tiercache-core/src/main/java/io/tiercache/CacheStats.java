package io.tiercache;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of a {@link TieredCache}'s counters, since it was built.
 *
 * @param tiers the tiers' counters, L1 first
 * @param loads loader calls that returned (a value or absent)
 * @param loadFailures loader calls that threw
 * @param loadTime total time spent in loader calls
 * @param negativeHits reads answered "absent" from the negative cache, without a load
 * @param refreshes background refreshes of stale entries started
 * @param refreshFailures background refreshes whose loader failed (the stale entry was kept)
 * @param discardedLoads loaded values not stored because the key was written or invalidated
 *     while the load ran
 * @param publishFailures invalidation messages the bus failed to publish
 * @param coherenceEvictions local entries evicted on messages from other processes
 * @param coherenceClears times the local tiers were cleared on the bus's word: it lost or regained
 *     its connection, or another process cleared the cache
 */
public record CacheStats(
    List<TierStats> tiers,
    long loads,
    long loadFailures,
    Duration loadTime,
    long negativeHits,
    long refreshes,
    long refreshFailures,
    long discardedLoads,
    long publishFailures,
    long coherenceEvictions,
    long coherenceClears) {

  /**
   * Copies the tier list.
   *
   * @param tiers the tiers
   * @param loads loads
   * @param loadFailures failed loads
   * @param loadTime time in loaders
   * @param negativeHits negative hits
   * @param refreshes refreshes
   * @param refreshFailures failed refreshes
   * @param discardedLoads discarded loads
   * @param publishFailures failed publishes
   * @param coherenceEvictions coherence evictions
   * @param coherenceClears coherence clears
   */
  public CacheStats {
    tiers = List.copyOf(tiers);
  }

  /**
   * Returns the counters of one tier.
   *
   * @param level the tier's position, 1 for L1
   * @return its counters
   * @throws IndexOutOfBoundsException if there is no such tier
   */
  public TierStats tier(int level) {
    return tiers.get(level - 1);
  }
}
