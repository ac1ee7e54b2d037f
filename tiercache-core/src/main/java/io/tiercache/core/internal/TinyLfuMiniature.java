package io.tiercache.core.internal;

/**
 * The model of a tier that admits by frequency: W-TinyLFU as Caffeine runs it. A window LRU takes
 * every write; its victim enters the main space, a segmented LRU (probation and protected, the
 * latter at most 80% of it), only if a 4-bit count-min sketch, halved every ten times the
 * capacity in increments, has seen it more often than the probation victim. The window starts at
 * 1% of the capacity and is resized by hill climbing on the hit ratio of each sample of ten times
 * the capacity in reads, as Caffeine does. Caffeine also admits a rare warm candidate at random;
 * the model does not.
 */
final class TinyLfuMiniature implements MiniatureTier {

  private static final int WINDOW = 0;
  private static final int PROBATION = 1;
  private static final int PROTECTED = 2;
  private static final double RESTART_THRESHOLD = 0.05;
  private static final double STEP_PERCENT = 0.0625;
  private static final double STEP_DECAY = 0.98;

  private final int capacity;
  private final KeyLists lists;
  private final LocalCountMinSketch frequencies;
  private final int halveEvery;
  private final int sampleSize;
  private int increments;
  private int windowMaximum;
  private int protectedMaximum;
  private double stepSize;
  private double previousHitRate;
  private int hitsInSample;
  private int missesInSample;
  private boolean warm;

  TinyLfuMiniature(int capacity) {
    this.capacity = capacity;
    this.lists = new KeyLists(capacity + 1, 3);
    int width = Integer.highestOneBit(Math.max(16, capacity * 4 - 1)) << 1;
    this.frequencies = new LocalCountMinSketch(Math.min(1 << 24, width));
    this.halveEvery = Math.max(16, 10 * capacity);
    this.sampleSize = Math.max(16, 10 * capacity);
    reset();
  }

  private void reset() {
    int main = (int) (0.99 * capacity);
    this.windowMaximum = Math.max(1, capacity - main);
    this.protectedMaximum = (int) (0.8 * (capacity - windowMaximum));
    this.stepSize = -STEP_PERCENT * capacity;
    this.previousHitRate = 0;
    this.hitsInSample = 0;
    this.missesInSample = 0;
    this.increments = 0;
    this.warm = false;
  }

  @Override
  public boolean read(long hash) {
    int node = lists.find(hash);
    if (node < 0) {
      return false;
    }
    count(hash);
    hit(node);
    hitsInSample++;
    climb();
    return true;
  }

  @Override
  public void write(long hash) {
    count(hash);
    int node = lists.find(hash);
    if (node >= 0) {
      hit(node);
      return;
    }
    missesInSample++;
    lists.add(hash, WINDOW);
    if (lists.size() >= capacity / 2) {
      warm = true;
    }
    evict();
    climb();
  }

  @Override
  public boolean holds(long hash) {
    return lists.find(hash) >= 0;
  }

  @Override
  public void remove(long hash) {
    int node = lists.find(hash);
    if (node >= 0) {
      lists.remove(node);
    }
  }

  @Override
  public void clear() {
    lists.clear();
    frequencies.clear();
    reset();
  }

  @Override
  public long footprintBytes() {
    return 96 + lists.footprintBytes() + frequencies.footprintBytes();
  }

  /** Moves window victims into probation, then lets each in only if it beats the probation victim. */
  private void evict() {
    while (lists.size(WINDOW) > windowMaximum) {
      int candidate = lists.leastRecent(WINDOW);
      if (lists.size() <= capacity) {
        lists.moveToFront(candidate, PROBATION);
        continue;
      }
      int victim = lists.leastRecent(PROBATION);
      if (victim < 0) {
        victim = lists.leastRecent(PROTECTED);
      }
      if (victim < 0) {
        lists.remove(candidate);
        continue;
      }
      if (frequencies.estimate(lists.hashOf(candidate))
          > frequencies.estimate(lists.hashOf(victim))) {
        lists.remove(victim);
        lists.moveToFront(candidate, PROBATION);
      } else {
        lists.remove(candidate);
      }
    }
    while (lists.size() > capacity) {
      // The window shrank below its content: the main space evicts its least recent.
      int victim = lists.leastRecent(PROBATION);
      lists.remove(victim >= 0 ? victim : lists.leastRecent(PROTECTED));
    }
  }

  private void hit(int node) {
    int segment = lists.segmentOf(node);
    if (segment == WINDOW || segment == PROTECTED) {
      lists.moveToFront(node, segment);
      return;
    }
    lists.moveToFront(node, PROTECTED);
    demoteFromProtected();
  }

  private void demoteFromProtected() {
    while (lists.size(PROTECTED) > protectedMaximum) {
      lists.moveToFront(lists.leastRecent(PROTECTED), PROBATION);
    }
  }

  /** Caffeine's hill climber: grows the window while the hit ratio improves, else shrinks it. */
  private void climb() {
    if (!warm || hitsInSample + missesInSample < sampleSize) {
      return;
    }
    double hitRate = (double) hitsInSample / (hitsInSample + missesInSample);
    double change = hitRate - previousHitRate;
    double amount = change >= 0 ? stepSize : -stepSize;
    stepSize = Math.abs(change) >= RESTART_THRESHOLD
        ? STEP_PERCENT * capacity * (amount >= 0 ? 1 : -1)
        : STEP_DECAY * amount;
    previousHitRate = hitRate;
    hitsInSample = 0;
    missesInSample = 0;
    long adjustment = (long) amount;
    if (adjustment > 0) {
      int quota = (int) Math.min(adjustment, protectedMaximum);
      protectedMaximum -= quota;
      windowMaximum += quota;
      demoteFromProtected();
      for (int moved = 0; moved < quota; moved++) {
        int node = lists.leastRecent(PROBATION);
        if (node < 0) {
          node = lists.leastRecent(PROTECTED);
        }
        if (node < 0) {
          break;
        }
        lists.moveToFront(node, WINDOW);
      }
    } else if (adjustment < 0) {
      int quota = (int) Math.min(-adjustment, Math.max(0, windowMaximum - 1));
      protectedMaximum += quota;
      windowMaximum -= quota;
      for (int moved = 0; moved < quota && lists.size(WINDOW) > windowMaximum; moved++) {
        lists.moveToFront(lists.leastRecent(WINDOW), PROBATION);
      }
    }
  }

  private void count(long hash) {
    frequencies.increment(hash);
    if (++increments >= halveEvery) {
      increments = 0;
      frequencies.halve();
    }
  }
}
