package io.tiercache.core.internal;

import io.tiercache.spi.PromotionStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default promotion strategy of a tier whose size is known: it follows whichever of the
 * fixed rules a miniature simulation of the tier says serves it best, and changes when the
 * workload does.
 *
 * <h2>Candidates</h2>
 *
 * Each candidate pairs a write admission with a promotion rule: write-through (a loaded or put
 * value is written into this tier: {@link #admitWrite} says yes) or write-around (it is not; the
 * tier fills by promotion only), crossed with {@code always}, {@code hit-count:2},
 * {@code hit-count:3} and {@code hit-rate:2} within 2, 4 and 8 times the tier's size in requests:
 * the twelve fixed rules a user could configure. It starts as the fixed default did: write-through
 * with {@code always} over a tier that admits by frequency itself, with {@code hit-rate:2} within
 * 4 sizes over any other.
 *
 * <h2>Choosing: miniature simulations</h2>
 *
 * Following Waldspurger et al. ("Cache Modeling and Optimization using Miniature Simulations",
 * USENIX ATC 2017), a key is sampled when its hash falls below a threshold, at the rate
 * {@code R = min(1, 512 / C)} for a tier of {@code C} entries, and every read, hit below and write
 * of a sampled key is replayed through one miniature of the tier per candidate, of {@code R * C}
 * entries, under that candidate's rule with its windows and sketches scaled by {@code R} (see
 * {@link MiniatureSimulation}). The miniature follows the tier's policy: least recently used for a
 * recency-only tier, W-TinyLFU with Caffeine's hill climbing for one that admits by frequency.
 * Every epoch of {@code max(128, R * C)} sampled reads the candidates' decayed scores (hits, less
 * a twentieth of a hit per write) are compared and the leader is followed once its lead is
 * clear of chance. When {@code C <= 512} every key is sampled: the miniature is the tier itself
 * at full size, exact for a recency-only tier.
 *
 * <h2>Following the choice</h2>
 *
 * Every rule counts for real on every key, whichever is in use, so that a change of rule starts
 * from warm counts: one count-min sketch of hits below (for {@code hit-count}, halved every
 * {@link #HALVE_EVERY} hits as the built-in one is) and one ring of slice sketches per
 * {@code hit-rate} window, fed by one request count. A key outside the sample is decided by the
 * rule in use. Over a recency-only tier, a sampled key is decided by the miniature in use: it is
 * promoted or written when that miniature now holds it. A change of rule then also carries the
 * tier over to what the new rule would hold, instead of leaving it with what the old one put
 * there until it turns over (which takes long under a rule that writes little). Over a tier that
 * admits by frequency, whose model is only approximate, the rule decides every key.
 *
 * <h2>Cost and memory</h2>
 *
 * Memory is fixed at construction, whatever the number of keys, and at most the budget (1 MiB by
 * default): the miniatures first, what is left for the real counts (see {@link #footprintBytes}).
 * A read costs a striped counter increment and a hash; a sampled one also one replay step per
 * candidate, under a lock that is only tried: when another thread holds it, the step is skipped
 * and lost to the simulation, so no read ever waits.
 *
 * <h2>Error</h2>
 *
 * The sampled hit ratios carry the sampling error of SHARDS (none when every key is sampled). The
 * W-TinyLFU model omits Caffeine's random admission of warm candidates, and the tiers below are
 * taken to hold what this tier holds. Sketch counts err upwards only, as {@link HitRateStrategy}
 * describes; they are sized at 8 counters per tick of a slice and 32 per entry of the tier, until
 * the budget caps them (tiers of some thousands of entries and more): then the real
 * {@code hit-rate} counts saturate and promote more, towards {@code always}, and the miniature
 * ones are capped alike so that the simulation sees it.
 */
final class AdaptivePromotion implements PromotionStrategy {

  /**
   * The most entries a miniature tier holds by default; the sampling rate is this over the tier's
   * size.
   */
  static final int SAMPLE_ENTRIES = 512;

  /** How many hits below the {@code hit-count} counts take before halving, as built in. */
  static final long HALVE_EVERY = 10L * PromotionProviders.defaultWidth();

  /** Counters per entry of the tier in the {@code hit-count} sketch. */
  static final int HIT_COUNT_WIDTH = 32;

  /** Counters per tick of a slice in the {@code hit-rate} sketches. */
  static final int SLICE_WIDTH = 8;

  /** Window lengths of the {@code hit-rate} candidates, in multiples of the tier's size. */
  private static final int[] WINDOW_MULTIPLES = {2, 4, 8};

  private final long capacity;
  private final boolean admitsByFrequency;
  private final Candidate[] candidates;
  private final double rate;
  private final long sampleBelow;
  private final boolean followMiniature;

  private final LongAdder requests = new LongAdder();
  private final CountMinSketch hitCounts;
  private final AtomicLong sinceHalving = new AtomicLong();
  private final SlidingWindowCounter[] windows = new SlidingWindowCounter[WINDOW_MULTIPLES.length];

  private final ReentrantLock lock = new ReentrantLock();
  private final MiniatureSimulation simulation;
  private volatile int active;
  private final AtomicLong changes = new AtomicLong();

  /** A promotion rule. */
  record Rule(Kind kind, int threshold, int windowMultiple) {

    /** The kinds of rule. */
    enum Kind {
      ALWAYS,
      HIT_COUNT,
      HIT_RATE
    }

    String describe(long capacity) {
      switch (kind) {
        case ALWAYS:
          return "always";
        case HIT_COUNT:
          return "hit-count:" + threshold;
        default:
          return "hit-rate:" + threshold + "/" + windowMultiple * capacity + "r";
      }
    }
  }

  /**
   * A write admission and a promotion rule.
   *
   * @param writeThrough whether loaded and put values are written into the tier
   * @param rule the promotion rule
   * @param windowIndex the rule's window among {@link #WINDOW_MULTIPLES}, or -1
   */
  record Candidate(boolean writeThrough, Rule rule, int windowIndex) {}

  /**
   * Creates the strategy for a tier, with miniatures of at most {@link #SAMPLE_ENTRIES} entries.
   *
   * @param capacity the tier's size in entries, at least 1
   * @param admitsByFrequency whether the tier admits by frequency itself
   * @param budget the memory the strategy may take, in bytes, at least 64 KiB
   */
  AdaptivePromotion(long capacity, boolean admitsByFrequency, long budget) {
    this(capacity, admitsByFrequency, budget, SAMPLE_ENTRIES);
  }

  /**
   * Creates the strategy for a tier.
   *
   * @param capacity the tier's size in entries, at least 1
   * @param admitsByFrequency whether the tier admits by frequency itself
   * @param budget the memory the strategy may take, in bytes, at least 64 KiB
   * @param sampleEntries the most entries a miniature holds, 16 to {@link #SAMPLE_ENTRIES}
   */
  AdaptivePromotion(long capacity, boolean admitsByFrequency, long budget, int sampleEntries) {
    this.capacity = capacity;
    this.admitsByFrequency = admitsByFrequency;
    this.followMiniature = !admitsByFrequency;
    this.candidates = candidates();
    int miniature = (int) Math.min(capacity, sampleEntries);
    this.rate = (double) miniature / capacity;
    this.sampleBelow = miniature == capacity ? 1L << 32 : (long) Math.ceil(rate * (1L << 32));
    int initial = initial(candidates, admitsByFrequency);
    this.active = initial;
    int epoch = Math.max(128, miniature);

    // The real counts are sized to err as the miniature ones do, at 32 counters per entry and 8
    // per tick of a slice; they take what the miniatures leave of the budget. If that caps them,
    // the miniature counts are capped in proportion, so that both still err alike, and what the
    // smaller miniatures leave goes back to the real counts.
    MiniatureSimulation sized = simulation(miniature, epoch, initial, 1);
    int[] widths = realWidths(budget - sized.footprintBytes());
    double shrink = shrinkOf(widths);
    if (shrink < 1) {
      sized = simulation(miniature, epoch, initial, shrink);
      int[] wider = realWidths(budget - sized.footprintBytes());
      MiniatureSimulation matched = simulation(miniature, epoch, initial, shrinkOf(wider));
      if (matched.footprintBytes() + realFootprint(wider) <= budget) {
        sized = matched;
        widths = wider;
      }
    }
    this.simulation = sized;
    this.hitCounts = new CountMinSketch(widths[0]);
    for (int i = 0; i < WINDOW_MULTIPLES.length; i++) {
      windows[i] = new SlidingWindowCounter(WINDOW_MULTIPLES[i] * capacity, widths[i + 1]);
    }
  }

  /** The widths of the real sketches (hit counts, then each window's slices) within bytes. */
  private int[] realWidths(long bytes) {
    long left = Math.max(1 << 15, bytes - 1024);
    int[] widths = new int[WINDOW_MULTIPLES.length + 1];
    widths[0] = Math.min(CountMinSketch.widthFor(left / 4),
        powerOfTwoAtLeast((long) HIT_COUNT_WIDTH * capacity));
    long perSlice = (left - (2L * widths[0] + 32))
        / ((long) WINDOW_MULTIPLES.length * (SlidingWindowCounter.SLICES + 1)) - 64;
    for (int i = 0; i < WINDOW_MULTIPLES.length; i++) {
      widths[i + 1] = Math.min(CountMinSketch.widthFor(perSlice),
          sliceWidth(WINDOW_MULTIPLES[i] * capacity));
    }
    return widths;
  }

  /** How far the real widths fall short of the wanted ones: 1 if not at all. */
  private double shrinkOf(int[] widths) {
    double shrink = (double) widths[0] / powerOfTwoAtLeast((long) HIT_COUNT_WIDTH * capacity);
    for (int i = 0; i < WINDOW_MULTIPLES.length; i++) {
      shrink = Math.min(shrink,
          (double) widths[i + 1] / sliceWidth(WINDOW_MULTIPLES[i] * capacity));
    }
    return shrink;
  }

  /** The footprint of the real sketches of these widths, as {@link #footprintBytes} counts it. */
  private static long realFootprint(int[] widths) {
    long total = 192 + 2L * widths[0] + 32;
    for (int i = 1; i < widths.length; i++) {
      total += 48 + (SlidingWindowCounter.SLICES + 1) * (2L * widths[i] + 32 + Long.BYTES);
    }
    return total;
  }

  private MiniatureSimulation simulation(int miniature, int epoch, int initial, double shrink) {
    long halveEvery = Math.max(16, Math.round(HALVE_EVERY * rate));
    return new MiniatureSimulation(
        candidates,
        admitsByFrequency ? TinyLfuMiniature::new : LruMiniature::new,
        miniature,
        i -> {
          Rule rule = candidates[i].rule();
          long window = Math.max(1, Math.round(rule.windowMultiple() * (double) miniature));
          int width = rule.kind() == Rule.Kind.HIT_COUNT
              ? powerOfTwoAtLeast((long) (HIT_COUNT_WIDTH * miniature * shrink))
              : powerOfTwoAtLeast((long) (sliceWidth(window) * shrink));
          return new MiniatureRule(rule, window, width, halveEvery);
        },
        epoch,
        initial);
  }

  /** The sketch width that gives a window's slices {@link #SLICE_WIDTH} counters per tick. */
  private static int sliceWidth(long window) {
    long slice = (window + SlidingWindowCounter.SLICES - 1) / SlidingWindowCounter.SLICES;
    return powerOfTwoAtLeast(SLICE_WIDTH * slice);
  }

  /** The least power of two at or above a value, from 16 to 2^24. */
  static int powerOfTwoAtLeast(long value) {
    long clamped = Math.max(16, Math.min(1 << 24, value));
    return (int) (Long.highestOneBit(clamped - 1) << 1);
  }

  private static Candidate[] candidates() {
    List<Candidate> all = new ArrayList<>();
    for (boolean writeThrough : new boolean[] {true, false}) {
      all.add(new Candidate(writeThrough, new Rule(Rule.Kind.ALWAYS, 1, 0), -1));
      all.add(new Candidate(writeThrough, new Rule(Rule.Kind.HIT_COUNT, 2, 0), -1));
      all.add(new Candidate(writeThrough, new Rule(Rule.Kind.HIT_COUNT, 3, 0), -1));
      for (int i = 0; i < WINDOW_MULTIPLES.length; i++) {
        all.add(
            new Candidate(writeThrough, new Rule(Rule.Kind.HIT_RATE, 2, WINDOW_MULTIPLES[i]), i));
      }
    }
    return all.toArray(Candidate[]::new);
  }

  private static int initial(Candidate[] candidates, boolean admitsByFrequency) {
    for (int i = 0; i < candidates.length; i++) {
      Rule rule = candidates[i].rule();
      boolean wanted = admitsByFrequency
          ? rule.kind() == Rule.Kind.ALWAYS
          : rule.kind() == Rule.Kind.HIT_RATE && rule.windowMultiple() == 4;
      if (candidates[i].writeThrough() && wanted) {
        return i;
      }
    }
    throw new IllegalStateException("no initial candidate");
  }

  @Override
  public void recordAccess(String key, boolean hit, long nowMillis) {
    requests.increment();
    long hash = CountMinSketch.hash(key);
    if (sampled(hash) && lock.tryLock()) {
      try {
        follow(simulation.read(hash, hit));
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public boolean shouldPromote(String key, long nowMillis) {
    long hash = CountMinSketch.hash(key);
    long tick = requests.sum();
    // Every rule counts, so that whichever is chosen next starts warm.
    hitCounts.increment(hash);
    if (sinceHalving.incrementAndGet() >= HALVE_EVERY) {
      sinceHalving.set(0);
      hitCounts.halve();
    }
    for (SlidingWindowCounter window : windows) {
      window.increment(hash, tick);
    }
    if (sampled(hash) && lock.tryLock()) {
      int miniature;
      try {
        miniature = simulation.hitBelow(hash);
      } finally {
        lock.unlock();
      }
      if (followMiniature && miniature >= 0) {
        return miniature == 1;
      }
    }
    Candidate chosen = candidates[active];
    Rule rule = chosen.rule();
    switch (rule.kind()) {
      case ALWAYS:
        return true;
      case HIT_COUNT:
        return hitCounts.estimate(hash) >= rule.threshold();
      default:
        return windows[chosen.windowIndex()].count(hash, tick, rule.threshold())
            >= rule.threshold();
    }
  }

  @Override
  public boolean admitWrite(String key, long nowMillis) {
    long hash = CountMinSketch.hash(key);
    if (sampled(hash) && lock.tryLock()) {
      int miniature;
      try {
        miniature = simulation.written(hash);
      } finally {
        lock.unlock();
      }
      if (followMiniature) {
        return miniature == 1;
      }
    }
    return candidates[active].writeThrough();
  }

  @Override
  public void forget(String key) {
    long hash = CountMinSketch.hash(key);
    hitCounts.forget(hash);
    for (SlidingWindowCounter window : windows) {
      window.forget(hash);
    }
  }

  @Override
  public void clear() {
    hitCounts.clear();
    for (SlidingWindowCounter window : windows) {
      window.clear();
    }
    lock.lock();
    try {
      simulation.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the memory held: the miniatures and the real counts, fixed at construction.
   *
   * @return bytes
   */
  @Override
  public long footprintBytes() {
    long total = 192 + simulation.footprintBytes() + hitCounts.footprintBytes();
    for (SlidingWindowCounter window : windows) {
      total += window.footprintBytes();
    }
    return total;
  }

  /**
   * Returns the candidate in use, as the fixed rule it stands for.
   *
   * @return such as {@code write-around hit-rate:2/520r}
   */
  String current() {
    Candidate candidate = candidates[active];
    return (candidate.writeThrough() ? "write-through " : "write-around ")
        + candidate.rule().describe(capacity);
  }

  /** Returns how many times the candidate in use changed. */
  long changes() {
    return changes.get();
  }

  /** Returns the share of keys sampled, from above 0 to 1. */
  double samplingRate() {
    return rate;
  }

  private boolean sampled(long hash) {
    return (hash & 0xFFFFFFFFL) < sampleBelow;
  }

  private void follow(int chosen) {
    if (chosen != active) {
      active = chosen;
      changes.incrementAndGet();
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "adaptive: %s (of %d candidates simulated on %s of the keys over %s; %d change%s)",
        current(), candidates.length,
        rate >= 1 ? "all" : String.format(Locale.ROOT, "%.1f%%", rate * 100),
        admitsByFrequency ? "W-TinyLFU" : "LRU", changes.get(), changes.get() == 1 ? "" : "s");
  }
}
