package io.tiercache.core.internal;

import io.tiercache.spi.PromotionStrategy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Promotes a key once it was hit below the tier {@code threshold} times. Counts live in a
 * count-min sketch of fixed size, halved every {@code 10 * width} hits so that old counts fade
 * (a key must be hit {@code threshold} times within a few multiples of the sketch's width of
 * hits); memory never grows with the number of keys.
 */
final class HitCountStrategy implements PromotionStrategy {

  private final int threshold;
  private final CountMinSketch sketch;
  private final long halveEvery;
  private final AtomicLong sinceHalving = new AtomicLong();

  HitCountStrategy(int threshold, int width) {
    this.threshold = threshold;
    this.sketch = new CountMinSketch(width);
    this.halveEvery = 10L * width;
  }

  @Override
  public boolean shouldPromote(String key, long nowMillis) {
    long hash = CountMinSketch.hash(key);
    sketch.increment(hash);
    if (sinceHalving.incrementAndGet() >= halveEvery) {
      sinceHalving.set(0);
      sketch.halve();
    }
    return sketch.estimate(hash) >= threshold;
  }

  @Override
  public void forget(String key) {
    sketch.forget(CountMinSketch.hash(key));
  }

  @Override
  public void clear() {
    sketch.clear();
  }

  @Override
  public long footprintBytes() {
    return sketch.footprintBytes() + 48;
  }

  @Override
  public String toString() {
    return "hit-count:" + threshold;
  }
}
