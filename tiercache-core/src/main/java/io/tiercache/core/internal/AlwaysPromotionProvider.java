package io.tiercache.core.internal;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import org.jspecify.annotations.Nullable;

/** Provides {@code always}: every hit below the tier is promoted. */
public final class AlwaysPromotionProvider implements PromotionStrategyProvider {

  static final String USAGE = "'always'";

  /** Creates the provider; found by {@link java.util.ServiceLoader}. */
  public AlwaysPromotionProvider() {}

  @Override
  public String name() {
    return "always";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public void checkArgument(@Nullable String argument) {
    PromotionProviders.noArgument("always", argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    checkArgument(argument);
    return PromotionProviders.ALWAYS;
  }
}
