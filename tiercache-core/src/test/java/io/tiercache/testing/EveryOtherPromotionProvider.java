package io.tiercache.testing;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A custom strategy registered by ServiceLoader from the test sources: {@code every-other}
 * promotes every second hit below the tier (counted over all keys), {@code every-other:N} every
 * N-th.
 */
public final class EveryOtherPromotionProvider implements PromotionStrategyProvider {

  public EveryOtherPromotionProvider() {}

  @Override
  public String name() {
    return "every-other";
  }

  @Override
  public String usage() {
    return "'every-other' or 'every-other:<N>' with N from 2 to 9";
  }

  @Override
  public void checkArgument(@Nullable String argument) {
    period(argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    int period = period(argument);
    AtomicLong hits = new AtomicLong();
    return new PromotionStrategy() {
      @Override
      public boolean shouldPromote(String key, long nowMillis) {
        return hits.incrementAndGet() % period == 0;
      }

      @Override
      public String toString() {
        return "every-other:" + period + " for " + context.tierName();
      }
    };
  }

  private int period(@Nullable String argument) {
    if (argument == null) {
      return 2;
    }
    if (argument.matches("[2-9]")) {
      return Integer.parseInt(argument);
    }
    throw new IllegalArgumentException(usage());
  }
}
