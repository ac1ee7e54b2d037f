package io.tiercache.spi;

/**
 * What a tier can do, as its backend declares it. The tiered core reads it to choose defaults
 * (promotion, coherence) and the TCK reads it to decide which rules apply: a rule that needs a
 * capability the backend lacks is reported as skipped, with the capability named.
 *
 * @param shared the store is shared between processes (Redis, Hazelcast); {@code false} for an
 *     in-process tier, whose copies other processes must invalidate
 * @param tags the tier indexes tags and supports {@link CacheBackend#keysByTag},
 *     {@link CacheBackend#invalidateByTag} and {@link CacheBackend#tags}
 * @param persistent entries survive a clean close and reopen (after a crash a persistent tier
 *     may come back empty, never with wrong or partial values)
 * @param storesBytes values are stored encoded through the stack's
 *     {@link io.tiercache.codec.ValueCodec}, so that foreign or corrupt bytes can be met
 * @param honoursClock the tier judges expiry by the {@link TierClock} of its context, so a test
 *     can move time; {@code false} when a server keeps time
 * @param admitsByFrequency the tier decides by itself, from access frequency, which entries to
 *     keep (Caffeine's TinyLFU); gating promotions above such a tier costs hit ratio
 * @param maxEntryBytes the largest value the tier accepts, measured as the codec's encoded size
 *     ({@link io.tiercache.codec.ValueCodec#encodedSize}), in bytes; {@link Long#MAX_VALUE} if
 *     unbounded. The tiered core skips the tier for larger entries.
 * @param maximumEntries the number of entries the tier holds at most, or {@code -1} if it is not
 *     bounded by a count
 */
public record BackendCapabilities(
    boolean shared,
    boolean tags,
    boolean persistent,
    boolean storesBytes,
    boolean honoursClock,
    boolean admitsByFrequency,
    long maxEntryBytes,
    long maximumEntries) {

  /**
   * Checks the sizes.
   *
   * @throws IllegalArgumentException if {@code maxEntryBytes} is not positive or
   *     {@code maximumEntries} is below {@code -1}
   * @param shared see the record description
   * @param tags see the record description
   * @param persistent see the record description
   * @param storesBytes see the record description
   * @param honoursClock see the record description
   * @param admitsByFrequency see the record description
   * @param maxEntryBytes see the record description
   * @param maximumEntries see the record description
   */
  public BackendCapabilities {
    if (maxEntryBytes <= 0) {
      throw new IllegalArgumentException(
          "maxEntryBytes was " + maxEntryBytes + " but must be positive");
    }
    if (maximumEntries < -1) {
      throw new IllegalArgumentException(
          "maximumEntries was " + maximumEntries + " but must be -1 (unbounded) or more");
    }
  }

  /**
   * Starts describing an in-process tier (not shared, references stored, no tags, clock
   * honoured).
   *
   * @return a builder
   */
  public static Builder inProcess() {
    return new Builder(false);
  }

  /**
   * Starts describing a tier shared between processes (values stored as bytes, tags indexed,
   * clock kept by a server).
   *
   * @return a builder
   */
  public static Builder remote() {
    return new Builder(true).tags(true).storesBytes(true).honoursClock(false);
  }

  /** Builds {@link BackendCapabilities}; not safe for concurrent use. */
  public static final class Builder {
    private final boolean shared;
    private boolean tags;
    private boolean persistent;
    private boolean storesBytes;
    private boolean honoursClock = true;
    private boolean admitsByFrequency;
    private long maxEntryBytes = Long.MAX_VALUE;
    private long maximumEntries = -1;

    private Builder(boolean shared) {
      this.shared = shared;
    }

    /**
     * Sets whether tags are indexed.
     *
     * @param value the capability
     * @return this builder
     */
    public Builder tags(boolean value) {
      this.tags = value;
      return this;
    }

    /**
     * Sets whether entries survive a restart.
     *
     * @param value the capability
     * @return this builder
     */
    public Builder persistent(boolean value) {
      this.persistent = value;
      return this;
    }

    /**
     * Sets whether values are stored as bytes.
     *
     * @param value the capability
     * @return this builder
     */
    public Builder storesBytes(boolean value) {
      this.storesBytes = value;
      return this;
    }

    /**
     * Sets whether the tier judges expiry by its context's clock.
     *
     * @param value the capability
     * @return this builder
     */
    public Builder honoursClock(boolean value) {
      this.honoursClock = value;
      return this;
    }

    /**
     * Sets whether the tier admits entries by their access frequency.
     *
     * @param value the capability
     * @return this builder
     */
    public Builder admitsByFrequency(boolean value) {
      this.admitsByFrequency = value;
      return this;
    }

    /**
     * Sets the largest encoded entry the tier accepts.
     *
     * @param bytes the limit in bytes, positive
     * @return this builder
     */
    public Builder maxEntryBytes(long bytes) {
      this.maxEntryBytes = bytes;
      return this;
    }

    /**
     * Sets the number of entries the tier holds at most.
     *
     * @param entries the bound, or {@code -1} if not bounded by a count
     * @return this builder
     */
    public Builder maximumEntries(long entries) {
      this.maximumEntries = entries;
      return this;
    }

    /**
     * Builds the capabilities.
     *
     * @return the capabilities
     * @throws IllegalArgumentException if a size is out of range
     */
    public BackendCapabilities build() {
      return new BackendCapabilities(
          shared, tags, persistent, storesBytes, honoursClock, admitsByFrequency, maxEntryBytes,
          maximumEntries);
    }
  }
}
