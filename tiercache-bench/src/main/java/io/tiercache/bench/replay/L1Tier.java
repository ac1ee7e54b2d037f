package io.tiercache.bench.replay;

import java.util.Locale;
import java.util.Objects;

/**
 * The L1 of a replayed stack: a name for the report and a URI template in which {@code {size}}
 * stands for the L1's size in entries.
 *
 * @param name the name, such as {@code caffeine}
 * @param uriTemplate the URI, such as {@code caffeine://?maximumSize={size}}
 */
public record L1Tier(String name, String uriTemplate) {

  /** Caffeine (W-TinyLFU): an L1 that admits by frequency itself. */
  public static final L1Tier CAFFEINE = new L1Tier("caffeine", "caffeine://?maximumSize={size}");

  /** The bench's recency-only L1, which admits every write. */
  public static final L1Tier LRU = new L1Tier("lru", "lru://?maximumSize={size}");

  /**
   * Checks the components.
   *
   * @param name the name
   * @param uriTemplate the URI template, containing {@code {size}}
   * @throws IllegalArgumentException if the template lacks {@code {size}}
   */
  public L1Tier {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(uriTemplate, "uriTemplate must not be null");
    if (!uriTemplate.contains("{size}")) {
      throw new IllegalArgumentException(
          "L1 tier '" + uriTemplate + "' must contain {size}, where the L1 size goes, as in"
              + " 'caffeine://?maximumSize={size}'");
    }
  }

  /**
   * Parses an L1 as given to {@code --l1}: {@code caffeine}, {@code lru}, or a URI template with
   * {@code {size}}.
   *
   * @param text the L1
   * @return the tier
   * @throws IllegalArgumentException if it is neither a known name nor a template with
   *     {@code {size}}
   */
  public static L1Tier parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "caffeine":
        return CAFFEINE;
      case "lru":
        return LRU;
      default:
        if (!text.contains("{size}")) {
          throw new IllegalArgumentException(
              "L1 was '" + text + "' but must be caffeine, lru or a tier URI with {size} for the"
                  + " L1 size, as in 'ehcache:heap?entries={size}'");
        }
        int colon = text.indexOf(':');
        return new L1Tier(colon > 0 ? text.substring(0, colon) : text, text);
    }
  }

  /**
   * Returns the URI for an L1 of a given size.
   *
   * @param size the size in entries
   * @return the URI
   */
  public String uriFor(long size) {
    return uriTemplate.replace("{size}", Long.toString(size));
  }
}
