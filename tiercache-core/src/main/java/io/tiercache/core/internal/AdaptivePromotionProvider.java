package io.tiercache.core.internal;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import org.jspecify.annotations.Nullable;

/** Provides {@code adaptive}, the default: chooses by the tier it guards. */
public final class AdaptivePromotionProvider implements PromotionStrategyProvider {

  static final String USAGE =
      "'adaptive' (the default: 'always' over a tier that admits by frequency, else a hit-rate"
          + " gate sized by the tier)";

  /** Creates the provider; found by {@link java.util.ServiceLoader}. */
  public AdaptivePromotionProvider() {}

  @Override
  public String name() {
    return "adaptive";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public void checkArgument(@Nullable String argument) {
    PromotionProviders.noArgument("adaptive", argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    checkArgument(argument);
    return PromotionProviders.adaptive(context);
  }
}
