package io.tiercache.core.internal;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import org.jspecify.annotations.Nullable;

/** Provides {@code never}: nothing is promoted; the tier fills by writes only. */
public final class NeverPromotionProvider implements PromotionStrategyProvider {

  static final String USAGE = "'never'";

  /** Creates the provider; found by {@link java.util.ServiceLoader}. */
  public NeverPromotionProvider() {}

  @Override
  public String name() {
    return "never";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public void checkArgument(@Nullable String argument) {
    PromotionProviders.noArgument("never", argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    checkArgument(argument);
    return PromotionProviders.NEVER;
  }
}
