package io.tiercache.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A cached value with its metadata, as tiers store and return it.
 *
 * <p>An entry is <em>fresh</em> before {@link #expiresAt()}, <em>stale</em> from
 * {@code expiresAt} until {@link #staleUntil()}, and gone from {@code staleUntil} on: a tier must
 * keep it until {@code staleUntil} and must never return it after. Both instants are wall-clock
 * epoch milliseconds; {@link #NEVER} means no expiry. Because they are absolute, an entry copied
 * from one tier to another keeps exactly its remaining lifetime.
 *
 * @param value the cached value, never {@code null} (a miss is the absence of an entry)
 * @param expiresAt epoch millisecond at which the entry stops being fresh
 * @param staleUntil epoch millisecond at which the entry is gone; at least {@code expiresAt}
 * @param tags labels for group invalidation; immutable, no element blank
 * @param <V> the value type
 */
public record CacheEntry<V>(V value, long expiresAt, long staleUntil, Set<String> tags) {

  /** The expiry of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  /** The longest tag accepted, in UTF-16 chars, so that every tier can index it. */
  public static final int MAX_TAG_LENGTH = 1024;

  /**
   * Checks and normalises the components.
   *
   * @throws NullPointerException if {@code value} or {@code tags} is {@code null} or a tag is
   *     {@code null}
   * @throws IllegalArgumentException if {@code staleUntil < expiresAt}, or a tag is blank or
   *     longer than {@link #MAX_TAG_LENGTH}
   * @param value the value
   * @param expiresAt end of freshness, epoch ms
   * @param staleUntil end of the stale window, epoch ms
   * @param tags the tags
   */
  public CacheEntry {
    Objects.requireNonNull(value, "value must not be null (a miss is the absence of an entry)");
    Objects.requireNonNull(tags, "tags must not be null (use Set.of() for none)");
    if (staleUntil < expiresAt) {
      throw new IllegalArgumentException(
          "staleUntil was " + staleUntil + " but must not be before expiresAt " + expiresAt);
    }
    for (String tag : tags) {
      checkTag(tag);
    }
    tags = Set.copyOf(tags);
  }

  /**
   * Creates an entry that is fresh for {@code ttl} from {@code nowMillis}, then stale for
   * {@code staleFor}. Durations too long to represent saturate to {@link #NEVER}.
   *
   * @param value the value
   * @param nowMillis the current time of the stack's clock, epoch milliseconds
   * @param ttl how long the entry is fresh; must be positive
   * @param staleFor how long it may be served stale after that; must not be negative
   * @param tags labels for group invalidation
   * @param <V> the value type
   * @return the entry
   * @throws IllegalArgumentException if {@code ttl} is not positive or {@code staleFor} is
   *     negative, or a tag is invalid
   */
  public static <V> CacheEntry<V> of(
      V value, long nowMillis, Duration ttl, Duration staleFor, Set<String> tags) {
    Objects.requireNonNull(ttl, "ttl must not be null");
    Objects.requireNonNull(staleFor, "staleFor must not be null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl was " + ttl + " but must be positive");
    }
    if (staleFor.isNegative()) {
      throw new IllegalArgumentException("staleFor was " + staleFor + " but must not be negative");
    }
    long expiresAt = plusSaturated(nowMillis, ttl);
    long staleUntil = expiresAt == NEVER ? NEVER : plusSaturated(expiresAt, staleFor);
    return new CacheEntry<>(value, expiresAt, staleUntil, tags);
  }

  /**
   * Checks that a tag can be stored by every tier.
   *
   * @param tag the tag
   * @return the tag
   * @throws NullPointerException if {@code tag} is {@code null}
   * @throws IllegalArgumentException if the tag is blank or longer than {@link #MAX_TAG_LENGTH}
   */
  public static String checkTag(String tag) {
    Objects.requireNonNull(tag, "tag must not be null");
    if (tag.isBlank()) {
      throw new IllegalArgumentException("tag was '" + tag + "' but must not be blank");
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException(
          "tag was " + tag.length() + " chars long but must be at most " + MAX_TAG_LENGTH);
    }
    return tag;
  }

  /**
   * Tells whether the entry is fresh at the given time.
   *
   * @param nowMillis the time, epoch milliseconds
   * @return {@code true} if {@code nowMillis < expiresAt}
   */
  public boolean isFresh(long nowMillis) {
    return nowMillis < expiresAt;
  }

  /**
   * Tells whether the entry is stale (past its expiry, still inside its stale window).
   *
   * @param nowMillis the time, epoch milliseconds
   * @return {@code true} if {@code expiresAt <= nowMillis < staleUntil}
   */
  public boolean isStale(long nowMillis) {
    return nowMillis >= expiresAt && nowMillis < staleUntil;
  }

  /**
   * Tells whether the entry is gone: a tier must not return it any more.
   *
   * @param nowMillis the time, epoch milliseconds
   * @return {@code true} if {@code nowMillis >= staleUntil}
   */
  public boolean isGone(long nowMillis) {
    return nowMillis >= staleUntil;
  }

  /**
   * Returns how long a tier must still keep the entry, in milliseconds.
   *
   * @param nowMillis the time, epoch milliseconds
   * @return {@code staleUntil - nowMillis}, at least 0; {@link Long#MAX_VALUE} if it never
   *     expires
   */
  public long retainMillis(long nowMillis) {
    if (staleUntil == NEVER) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, staleUntil - nowMillis);
  }

  /**
   * Returns an entry with another value and the same metadata.
   *
   * @param newValue the value
   * @param <W> the new value type
   * @return the new entry
   */
  public <W> CacheEntry<W> withValue(W newValue) {
    return new CacheEntry<>(newValue, expiresAt, staleUntil, tags);
  }

  private static long plusSaturated(long millis, Duration amount) {
    long add;
    try {
      add = amount.toMillis();
    } catch (ArithmeticException overflow) {
      return NEVER;
    }
    long sum = millis + add;
    // Overflow when both are positive and the sum is not: saturate to "never".
    if (((millis ^ sum) & (add ^ sum)) < 0 || sum == NEVER) {
      return NEVER;
    }
    return sum;
  }
}
