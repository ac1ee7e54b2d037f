package io.tiercache.spi;

import java.util.Objects;

/**
 * The tier a {@link PromotionStrategy} guards: what a strategy may want to know to size itself
 * or to choose a behaviour.
 *
 * @param tierName the name of the tier entries are promoted into
 * @param capabilities that tier's capabilities (for example whether it admits by frequency, and
 *     how many entries it holds)
 * @param clock the stack's clock
 */
public record PromotionContext(String tierName, BackendCapabilities capabilities, TierClock clock) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is {@code null}
   * @param tierName the tier name
   * @param capabilities its capabilities
   * @param clock the clock
   */
  public PromotionContext {
    Objects.requireNonNull(tierName, "tierName");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(clock, "clock");
  }
}
