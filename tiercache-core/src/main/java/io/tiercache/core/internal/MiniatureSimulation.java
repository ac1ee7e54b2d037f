package io.tiercache.core.internal;

import java.util.function.IntFunction;

/**
 * Replays the sampled keys' requests through one miniature tier per candidate rule, each under
 * its own rule, and chooses the candidate the real tier should follow.
 *
 * <h2>Replay</h2>
 *
 * A sampled read that hit the real tier is replayed at once, as a read of a key every tier below
 * holds. One that missed is held back until the stack says what came of it: found below
 * ({@link #hitBelow}), or missed everywhere and loaded, its value written down the stack
 * ({@link #written}); if neither comes before the next sampled read, it was loaded without this
 * tier being asked (write-around). A write with no read pending is a put. Each candidate's
 * miniature then reads the key; on a miss, its rule decides whether a hit below is promoted, and
 * its write admission whether a loaded value is written.
 *
 * <h2>Choice</h2>
 *
 * Every {@code epochLength} sampled reads, each candidate's score (its hits, less
 * {@link #WRITE_COST} per write) is added to its decayed total ({@link #DECAY} per epoch). The
 * leader replaces the candidate in use only when its lead exceeds both {@link #MARGIN} of the
 * decayed reads and {@link #CONFIDENCE} standard deviations of chance: on a read where the two
 * agree, neither gains, so the variance of the lead is the number of reads on which they
 * disagreed (one hit, the other missed), counted and decayed alike. When the candidate in use
 * changes, its disagreements with the others are bounded by the triangle inequality until new
 * reads are counted.
 *
 * <p>Not safe for concurrent use: the owner runs it under a lock.
 */
final class MiniatureSimulation {

  /** What a write costs, in hits: a write avoided is worth 5% of a hit. */
  static final double WRITE_COST = 0.05;

  /** The weight the past keeps at each epoch: a memory of about seven epochs. */
  static final double DECAY = 0.85;

  /** The least lead, as a share of the decayed reads, that replaces the candidate in use. */
  static final double MARGIN = 0.001;

  /** How many standard deviations of chance a lead must exceed. */
  static final double CONFIDENCE = 2;

  private final AdaptivePromotion.Candidate[] candidates;
  private final MiniatureTier[] tiers;
  private final MiniatureRule[] rules;
  private final int epochLength;
  private final long[] epochHits;
  private final long[] epochWrites;
  private final long[] epochDisagreements;
  private final boolean[] hits;
  private final double[] scores;
  private final double[] disagreements;
  private double reads;
  private int epochReads;
  private long tick;
  private int active;
  private boolean pending;
  private long pendingHash;
  private long pendingTick;
  private boolean writesConsulted;
  private boolean writesBypassed;

  /**
   * Creates the simulation.
   *
   * @param candidates the candidates
   * @param tierFactory creates a miniature tier of a given capacity
   * @param capacity the miniature tiers' capacity
   * @param ruleFactory creates the miniature of each candidate's rule
   * @param epochLength sampled reads between choices
   * @param initial the candidate in use at first
   */
  MiniatureSimulation(
      AdaptivePromotion.Candidate[] candidates,
      IntFunction<MiniatureTier> tierFactory,
      int capacity,
      IntFunction<MiniatureRule> ruleFactory,
      int epochLength,
      int initial) {
    this.candidates = candidates.clone();
    int n = candidates.length;
    this.tiers = new MiniatureTier[n];
    this.rules = new MiniatureRule[n];
    for (int i = 0; i < n; i++) {
      tiers[i] = tierFactory.apply(capacity);
      rules[i] = ruleFactory.apply(i);
    }
    this.epochLength = epochLength;
    this.epochHits = new long[n];
    this.epochWrites = new long[n];
    this.epochDisagreements = new long[n];
    this.hits = new boolean[n];
    this.scores = new double[n];
    this.disagreements = new double[n];
    this.active = initial;
  }

  /**
   * Records a sampled read of the real tier.
   *
   * @param hash the key's hash
   * @param hit whether the real tier held it (then the tiers below are taken to hold it too)
   * @return the candidate to use from now on
   */
  int read(long hash, boolean hit) {
    settlePending();
    tick++;
    if (hit) {
      replayRead(hash, true, tick);
    } else {
      pending = true;
      pendingHash = hash;
      pendingTick = tick;
    }
    if (++epochReads >= epochLength) {
      choose();
    }
    return active;
  }

  /**
   * Records that a sampled key that missed the real tier was found below it.
   *
   * @param hash the key's hash
   * @return 1 if the candidate in use now holds the key in its miniature (so the real tier
   *     should too), 0 if not, -1 if the read was not seen (lost to contention)
   */
  int hitBelow(long hash) {
    if (!pending || pendingHash != hash) {
      return -1;
    }
    pending = false;
    replayRead(hash, true, pendingTick);
    return tiers[active].holds(hash) ? 1 : 0;
  }

  /**
   * Records that a sampled key's value is being written down the stack, and this tier asked.
   *
   * @param hash the key's hash
   * @return 1 if the candidate in use now holds the key in its miniature, else 0
   */
  int written(long hash) {
    writesConsulted = true;
    if (pending && pendingHash == hash) {
      pending = false;
      replayRead(hash, false, pendingTick);
    } else {
      for (int i = 0; i < candidates.length; i++) {
        rules[i].forget(hash);
        if (candidates[i].writeThrough()) {
          tiers[i].write(hash);
          epochWrites[i]++;
        } else {
          tiers[i].remove(hash);
        }
      }
    }
    return tiers[active].holds(hash) ? 1 : 0;
  }

  /** Empties the miniature tiers and rules, as the real tier was emptied; scores are kept. */
  void clear() {
    pending = false;
    for (int i = 0; i < candidates.length; i++) {
      tiers[i].clear();
      rules[i].clear();
    }
  }

  /** Returns the candidate in use. */
  int active() {
    return active;
  }

  /** Returns the memory the miniatures and the bookkeeping take, in bytes. */
  long footprintBytes() {
    long total = 160 + candidates.length * (3L * 8 + 1 + 2 * 8);
    for (int i = 0; i < candidates.length; i++) {
      total += tiers[i].footprintBytes() + rules[i].footprintBytes();
    }
    return total;
  }

  /** A miss that nothing resolved was loaded without asking this tier. */
  private void settlePending() {
    if (pending) {
      pending = false;
      writesBypassed = true;
      replayRead(pendingHash, false, pendingTick);
    }
  }

  private void replayRead(long hash, boolean below, long at) {
    for (int i = 0; i < candidates.length; i++) {
      MiniatureTier tier = tiers[i];
      hits[i] = tier.read(hash);
      if (hits[i]) {
        epochHits[i]++;
      } else if (below) {
        if (rules[i].promote(hash, at)) {
          tier.write(hash);
          epochWrites[i]++;
        }
      } else {
        if (candidates[i].writeThrough()) {
          tier.write(hash);
          epochWrites[i]++;
        }
        // The stack forgets what the rule knew of a key it writes.
        rules[i].forget(hash);
      }
    }
    boolean reference = hits[active];
    for (int i = 0; i < candidates.length; i++) {
      if (hits[i] != reference) {
        epochDisagreements[i]++;
      }
    }
  }

  private void choose() {
    reads = reads * DECAY + epochReads;
    epochReads = 0;
    // Writes that never ask this tier mean write-around: a write-through candidate cannot be
    // followed there.
    boolean aroundOnly = writesBypassed && !writesConsulted;
    int best = -1;
    for (int i = 0; i < candidates.length; i++) {
      scores[i] = scores[i] * DECAY + epochHits[i] - WRITE_COST * epochWrites[i];
      disagreements[i] = disagreements[i] * DECAY + epochDisagreements[i];
      epochHits[i] = 0;
      epochWrites[i] = 0;
      epochDisagreements[i] = 0;
      if (aroundOnly && candidates[i].writeThrough()) {
        continue;
      }
      if (best < 0 || scores[i] > scores[best]) {
        best = i;
      }
    }
    if (best < 0 || best == active) {
      return;
    }
    boolean activeFollowable = !(aroundOnly && candidates[active].writeThrough());
    double lead = scores[best] - scores[active];
    if (activeFollowable
        && lead <= CONFIDENCE * Math.sqrt(disagreements[best]) + MARGIN * reads) {
      return;
    }
    // A read on which a candidate and the new choice disagree is one on which one of them
    // disagrees with the old choice.
    double between = disagreements[best];
    for (int i = 0; i < candidates.length; i++) {
      disagreements[i] = i == best ? 0 : disagreements[i] + between;
    }
    active = best;
  }
}
