package io.tiercache.core.internal;

import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import org.jspecify.annotations.Nullable;

/**
 * Provides {@code adaptive}, the default when a tier's {@code promote} is not given. Over a tier
 * whose size is known it follows, by miniature simulations of the tier, whichever fixed rule (and
 * write-through or write-around) serves the workload best ({@link AdaptivePromotion}); over one
 * whose size is not known, {@code always} if the tier admits by frequency itself, else
 * {@code hit-rate:2/1m}.
 *
 * <p>{@code adaptive:<N>} bounds the miniatures at {@code N} entries instead of 512: fewer keys
 * are sampled, which costs the read path less (each sampled read replays once per candidate) and
 * the estimates more sampling error.
 */
public final class AdaptivePromotionProvider implements PromotionStrategyProvider {

  static final String USAGE =
      "'adaptive' or 'adaptive:<N>' (the default: follows the best fixed rule in miniature"
          + " simulations of the tier, sampling keys so that each miniature holds at most N"
          + " entries, N from 16 to 512, default 512)";

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
    PromotionProviders.sampleEntries(argument);
  }

  @Override
  public PromotionStrategy create(@Nullable String argument, PromotionContext context) {
    return PromotionProviders.adaptive(context, PromotionProviders.sampleEntries(argument));
  }
}
