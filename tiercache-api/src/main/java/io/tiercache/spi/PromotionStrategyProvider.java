package io.tiercache.spi;

import org.jspecify.annotations.Nullable;

/**
 * Creates {@link PromotionStrategy promotion strategies} named in a tier's {@code promote}
 * parameter, as in {@code promote=hit-count:3}: the part before the colon is {@link #name()}, the
 * part after is the argument. Found by {@link java.util.ServiceLoader} like backend providers:
 * register it in {@code META-INF/services/io.tiercache.spi.PromotionStrategyProvider} and with
 * {@code provides} in {@code module-info}. Must have a public no-argument constructor and be safe
 * for concurrent use.
 */
public interface PromotionStrategyProvider {

  /**
   * Returns the strategy's name, lower case, such as {@code hit-count}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the accepted forms, for error messages, such as {@code hit-count or hit-count:<N>
   * with N from 1 to 255}.
   *
   * @return the usage
   */
  String usage();

  /**
   * Checks an argument without creating anything, so that a stack can be checked before any tier
   * is opened.
   *
   * @param argument the text after the colon, or {@code null} if there was none
   * @throws IllegalArgumentException if the argument is invalid; the message completes the phrase
   *     "{@code promote was '...' but must be ...}", as {@link #usage()} does
   */
  void checkArgument(@Nullable String argument);

  /**
   * Creates a strategy for one tier.
   *
   * @param argument the text after the colon, or {@code null} if there was none
   * @param context the tier the strategy guards
   * @return a new strategy
   * @throws IllegalArgumentException if the argument is invalid; the message says what is
   *     expected
   */
  PromotionStrategy create(@Nullable String argument, PromotionContext context);
}
