package io.tiercache.spi;

import java.util.List;
import java.util.Objects;

/**
 * A message on an {@link InvalidationBus}: the keys or tags one process changed, so that other
 * processes evict their local copies.
 *
 * @param origin the id of the stack that sent it; a stack ignores its own messages
 * @param kind what {@code items} holds
 * @param items the keys or tags; empty for {@link Kind#CLEAR}
 */
public record Invalidation(String origin, Kind kind, List<String> items) {

  /** What an invalidation covers. */
  public enum Kind {
    /** Entries under the listed keys were written or removed. */
    KEYS,
    /** Entries carrying any of the listed tags were removed. */
    TAGS,
    /** Every entry was removed. */
    CLEAR
  }

  /**
   * Checks the components.
   *
   * @param origin the sender's id
   * @param kind what the items are
   * @param items the keys or tags
   * @throws IllegalArgumentException if the origin is blank, or a CLEAR carries items, or a KEYS
   *     or TAGS message carries none
   */
  public Invalidation {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(kind, "kind");
    items = List.copyOf(items);
    if (origin.isBlank()) {
      throw new IllegalArgumentException("origin must not be blank");
    }
    if (kind == Kind.CLEAR != items.isEmpty()) {
      throw new IllegalArgumentException(
          kind == Kind.CLEAR
              ? "a CLEAR invalidation carries no items"
              : "a " + kind + " invalidation needs at least one item");
    }
  }
}
