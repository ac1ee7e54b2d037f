package io.tiercache.bench.replay;

import io.tiercache.WritePolicy;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stack to replay: the L1 tier, the write policy and the promotion strategy of L1.
 *
 * @param l1 the L1 tier
 * @param writePolicy where loaded values are written
 * @param promote the L1's {@code promote} value, possibly with windows in multiples of the L1's
 *     size ({@code hit-rate:2/4xL1}), or {@link #DEFAULT} for the library's default
 */
public record Configuration(L1Tier l1, WritePolicy writePolicy, String promote) {

  /** The {@code promote} value that leaves the parameter out, so the stack uses its default. */
  public static final String DEFAULT = "default";

  private static final Pattern MULTIPLE = Pattern.compile("([0-9]+)xL1");

  /**
   * Checks the components.
   *
   * @param l1 the L1 tier
   * @param writePolicy the write policy
   * @param promote the promotion strategy
   */
  public Configuration {
    Objects.requireNonNull(l1, "l1 must not be null");
    Objects.requireNonNull(writePolicy, "writePolicy must not be null");
    Objects.requireNonNull(promote, "promote must not be null");
  }

  /**
   * Tells whether this configuration uses the library's default strategy.
   *
   * @return {@code true} for {@link #DEFAULT}
   */
  public boolean isDefault() {
    return promote.equals(DEFAULT);
  }

  /**
   * Returns the L1's {@code promote} value for an L1 of a given size: windows written as
   * {@code <n>xL1} become {@code <n * size>r}.
   *
   * @param l1Size the L1's size in entries
   * @return the value, or {@code null} for the default
   */
  public String promoteFor(long l1Size) {
    Matcher matcher = MULTIPLE.matcher(promote);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      long window = Long.parseLong(matcher.group(1)) * l1Size;
      matcher.appendReplacement(out, window + "r");
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * Returns the stack's tiers for an L1 of a given size.
   *
   * @param l1Size the L1's size in entries
   * @param l2 the L2 tier's URI
   * @return L1's URI then L2's
   */
  public java.util.List<String> tiers(long l1Size, String l2) {
    String uri = l1.uriFor(l1Size);
    if (!isDefault()) {
      uri += (uri.contains("?") ? "&" : "?") + "promote=" + promoteFor(l1Size);
    }
    return java.util.List.of(uri, l2);
  }

  /**
   * Returns the write policy as written on the command line.
   *
   * @return {@code write-through} or {@code write-around}
   */
  public String writeLabel() {
    return label(writePolicy);
  }

  /**
   * Returns a write policy as written on the command line.
   *
   * @param policy the policy
   * @return {@code write-through} or {@code write-around}
   */
  public static String label(WritePolicy policy) {
    return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return l1.name() + " " + writeLabel() + " " + promote;
  }
}
