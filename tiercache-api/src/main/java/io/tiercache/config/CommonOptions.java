package io.tiercache.config;

import java.time.Duration;
import java.util.List;

/**
 * The options every tier accepts, handled by the tiered core rather than by the backend. A
 * backend must not declare options with these names.
 */
public final class CommonOptions {

  /** Default time to live of writes to the tier; without it the stack's default applies. */
  public static final Option<Duration> TTL =
      Option.of(
          "ttl",
          OptionType.duration(false),
          null,
          "default time to live of writes to this tier (the stack's default if absent)");

  /** How long an entry may be served stale after its TTL, while it is refreshed. */
  public static final Option<Duration> STALE_FOR =
      Option.of(
          "staleFor",
          OptionType.duration(true),
          null,
          "how long an expired entry may still be served while it is refreshed");

  /** Entries whose encoded size is larger skip the tier. */
  public static final Option<Long> MAX_ENTRY_SIZE =
      Option.of(
          "maxEntrySize",
          OptionType.size(),
          null,
          "entries larger than this (encoded) skip this tier");

  /** How entries reach the tier from below: a promotion strategy and its argument. */
  public static final Option<String> PROMOTE =
      Option.of(
          "promote",
          OptionType.of("strategy", CommonOptions::checkStrategySpec),
          null,
          "how entries reach this tier from below: always, never, hit-count:N, hit-rate:N/window,"
              + " or a custom strategy (adaptive if absent)");

  /** How long an operation on the tier may take before it counts as a miss or a dropped write. */
  public static final Option<Duration> TIMEOUT =
      Option.of(
          "timeout",
          OptionType.duration(false),
          null,
          "how long an operation may take before it counts as failed (the backend's default if"
              + " absent)");

  /** The tier's name in statistics and messages. */
  public static final Option<String> NAME =
      Option.of(
          "name",
          OptionType.identifier(),
          null,
          "the tier's name in statistics and messages (L<n>-<scheme> if absent)");

  /** Every common option, in the order they are documented. */
  public static final List<Option<?>> ALL =
      List.of(TTL, STALE_FOR, MAX_ENTRY_SIZE, PROMOTE, TIMEOUT, NAME);

  private CommonOptions() {}

  /**
   * Checks the form {@code name[:argument]} of a promotion strategy; whether the name and its
   * argument are known is checked where strategies are looked up.
   */
  private static String checkStrategySpec(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    if (name.isEmpty() || !name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "<strategy>[:<argument>] such as 'always', 'hit-count:3' or 'hit-rate:5/1m'");
    }
    return text;
  }
}
