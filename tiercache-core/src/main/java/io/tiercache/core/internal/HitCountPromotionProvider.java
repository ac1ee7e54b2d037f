package io.tiercache.core.internal;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import org.jspecify.annotations.Nullable;

/** Provides {@code hit-count:N}: a key is promoted once hit N times below the tier (default 3). */
public final class HitCountPromotionProvider implements PromotionStrategyProvider {

  static final String USAGE = "'hit-count' or 'hit-count:<N>' with N from 1 to 15 (default 3)";

  /** Creates the provider; found by {@link java.util.ServiceLoader}. */
  public HitCountPromotionProvider() {}

  @Override
  public String name() {
    return "hit-count";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public void checkArgument(@Nullable String argument) {
    PromotionProviders.hitCountThreshold(argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    checkArgument(argument);
    return new HitCountStrategy(
        PromotionProviders.hitCountThreshold(argument), PromotionProviders.defaultWidth());
  }
}
