package io.tiercache;

/**
 * A snapshot of one tier's counters, since the stack was built.
 *
 * @param name the tier's name
 * @param level the tier's position, 1 for L1
 * @param hits reads answered by this tier with a fresh entry
 * @param staleHits reads answered by this tier with a stale entry (past its TTL, inside its stale
 *     window)
 * @param misses reads that reached this tier and found nothing
 * @param promotionsIn entries copied into this tier from a tier below
 * @param promotionsOut entries of this tier copied into tiers above
 * @param writes entries written into this tier by puts and loads
 * @param skippedWrites writes and promotions that skipped this tier because the entry was larger
 *     than its {@code maxEntrySize}
 * @param droppedWrites writes, promotions and removals that failed or timed out and were dropped
 * @param errors operations that failed (timeouts included)
 * @param timeouts operations that took longer than the tier's timeout
 * @param rejectedByBreaker operations skipped because the circuit breaker was open
 * @param evictions entries the store evicted for room
 * @param expiries entries the store removed at the end of their stale window
 * @param corruptEntries stored entries that could not be decoded and were read as misses
 * @param breakerState the circuit breaker's state now
 */
public record TierStats(
    String name,
    int level,
    long hits,
    long staleHits,
    long misses,
    long promotionsIn,
    long promotionsOut,
    long writes,
    long skippedWrites,
    long droppedWrites,
    long errors,
    long timeouts,
    long rejectedByBreaker,
    long evictions,
    long expiries,
    long corruptEntries,
    BreakerState breakerState) {

  /**
   * Returns the reads that reached this tier.
   *
   * @return hits, stale hits and misses together
   */
  public long requests() {
    return hits + staleHits + misses;
  }

  /**
   * Returns the share of the reads that reached this tier which it answered.
   *
   * @return (hits + stale hits) / requests, or 0 with no request
   */
  public double hitRatio() {
    long requests = requests();
    return requests == 0 ? 0 : (double) (hits + staleHits) / requests;
  }
}
