package io.tiercache.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * A candidate's promotion rule as the miniature replays it: the same counting as the rule the
 * strategy runs for real, over the sampled keys only, with windows and sketch widths scaled by
 * the sampling rate so that it errs as the real one does. Not safe for concurrent use (the
 * simulation runs under a lock).
 */
final class MiniatureRule {

  private final AdaptivePromotion.Rule rule;
  private final @Nullable KeyCounts hitCounts;
  private final long halveEvery;
  private long sinceHalving;
  private final @Nullable SlidingWindowCounter window;

  /**
   * Creates the miniature of a rule.
   *
   * @param rule the rule
   * @param window the window in sampled reads, for {@code hit-rate}
   * @param width the width of its sketches (of each slice, for {@code hit-rate})
   * @param halveEvery how many hits below the {@code hit-count} sketch counts before halving
   */
  MiniatureRule(AdaptivePromotion.Rule rule, long window, int width, long halveEvery) {
    this.rule = rule;
    this.halveEvery = halveEvery;
    switch (rule.kind()) {
      case HIT_COUNT:
        this.hitCounts = new LocalCountMinSketch(width);
        this.window = null;
        break;
      case HIT_RATE:
        this.hitCounts = null;
        this.window = new SlidingWindowCounter(window, width, false);
        break;
      default:
        this.hitCounts = null;
        this.window = null;
        break;
    }
  }

  /** Records a hit below the tier at a sampled tick and answers whether to promote. */
  boolean promote(long hash, long tick) {
    KeyCounts counts = hitCounts;
    if (counts != null) {
      counts.increment(hash);
      if (++sinceHalving >= halveEvery) {
        sinceHalving = 0;
        counts.halve();
      }
      return counts.estimate(hash) >= rule.threshold();
    }
    SlidingWindowCounter recent = window;
    if (recent != null) {
      return recent.incrementAndCount(hash, tick, rule.threshold()) >= rule.threshold();
    }
    return true;
  }

  /** Forgets a key, as the stack makes the real rule do after every write of it. */
  void forget(long hash) {
    KeyCounts counts = hitCounts;
    SlidingWindowCounter recent = window;
    if (counts != null) {
      counts.forget(hash);
    } else if (recent != null) {
      recent.forget(hash);
    }
  }

  void clear() {
    KeyCounts counts = hitCounts;
    SlidingWindowCounter recent = window;
    if (counts != null) {
      counts.clear();
      sinceHalving = 0;
    } else if (recent != null) {
      recent.clear();
    }
  }

  long footprintBytes() {
    KeyCounts counts = hitCounts;
    SlidingWindowCounter recent = window;
    return 40 + (counts != null ? counts.footprintBytes() : 0)
        + (recent != null ? recent.footprintBytes() : 0);
  }
}
