package io.tiercache.backend.redis;

import java.util.Locale;

/** How processes sharing a Redis tier keep their local tiers coherent: the {@code coherence} option. */
enum Coherence {
  /** Stacks publish their writes and invalidations on the tier's channel; the default. */
  PUBSUB,
  /**
   * The server reports every change of an entry key (by any client, by expiry, by eviction)
   * through RESP3 client tracking; tag and clear messages still travel by pub/sub.
   */
  TRACKING,
  /** No bus: the tier offers none, and local tiers above it are not kept coherent. */
  NONE;

  /** Returns the mode named by the option's value. */
  static Coherence of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Returns the option's value of this mode. */
  String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
