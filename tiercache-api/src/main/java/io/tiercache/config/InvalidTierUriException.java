package io.tiercache.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tier URI or a stack of them is malformed or names something that does not exist. The message
 * lists every problem found, grouped by tier, each tier named with its credentials masked:
 *
 * <pre>
 * Invalid tier 'redis://:****@localhost:6379/0?ttl=5x&amp;keyprefix=a:':
 *   ttl was '5x' but must be &lt;number&gt;(ms|s|m|h|d) or ISO-8601 like 'PT5M'
 *   'keyprefix' is not an option of scheme 'redis' (did you mean 'keyPrefix'?); options: ...
 * </pre>
 */
public final class InvalidTierUriException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The problems of one tier. */
  private final List<TierProblems> tiers;

  /**
   * Creates the exception.
   *
   * @param tiers the tiers with problems, each with at least one problem
   * @throws IllegalArgumentException if {@code tiers} is empty or a tier has no problem
   */
  public InvalidTierUriException(List<TierProblems> tiers) {
    super(message(tiers));
    this.tiers = List.copyOf(tiers);
  }

  /**
   * Returns the tiers with problems, in stack order.
   *
   * @return the tiers and their problems
   */
  public List<TierProblems> tiers() {
    return tiers;
  }

  /**
   * Returns every problem, in order, without the tier headings.
   *
   * @return the problems
   */
  public List<String> problems() {
    List<String> all = new ArrayList<>();
    for (TierProblems tier : tiers) {
      all.addAll(tier.problems());
    }
    return all;
  }

  private static String message(List<TierProblems> tiers) {
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("an InvalidTierUriException needs at least one tier");
    }
    StringBuilder message = new StringBuilder();
    for (TierProblems tier : tiers) {
      if (message.length() > 0) {
        message.append('\n');
      }
      message.append(tier.heading()).append(':');
      for (String problem : tier.problems()) {
        message.append("\n  ").append(problem);
      }
    }
    return message.toString();
  }

  /**
   * The problems found in one tier.
   *
   * @param heading names the tier, credentials masked, as in {@code Invalid tier 'caffeine://'}
   * @param problems what is wrong, at least one
   */
  public record TierProblems(String heading, List<String> problems) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if {@code problems} is empty
     * @param heading names the tier
   * @param problems what is wrong
   */
    public TierProblems {
      Objects.requireNonNull(heading, "heading");
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("a tier with problems needs at least one problem");
      }
    }
  }
}
