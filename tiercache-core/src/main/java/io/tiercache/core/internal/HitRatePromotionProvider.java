package io.tiercache.core.internal;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import org.jspecify.annotations.Nullable;

/** Provides {@code hit-rate:N/window}: a key is promoted when hit N times within the last sliding window. */
public final class HitRatePromotionProvider implements PromotionStrategyProvider {

  static final String USAGE =
      "'hit-rate:<N>/<window>[/<memory>]' with N from 1 to 15, window a duration like '1m' or"
          + " a number of requests like '40000r', memory a size like '256KB' (default 1MB)";

  /** Creates the provider; found by {@link java.util.ServiceLoader}. */
  public HitRatePromotionProvider() {}

  @Override
  public String name() {
    return "hit-rate";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public void checkArgument(@Nullable String argument) {
    PromotionProviders.hitRate(argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    checkArgument(argument);
    return PromotionProviders.hitRate(argument).create();
  }
}
