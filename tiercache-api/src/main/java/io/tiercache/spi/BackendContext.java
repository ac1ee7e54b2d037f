package io.tiercache.spi;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link BackendProvider} is given to create one tier: the tier's URI and checked options,
 * the stack's value codec and clock, and where to report events. Immutable.
 *
 * @param <V> the value type
 */
public final class BackendContext<V> {

  private final String tierName;
  private final TierOptions options;
  private final ValueCodec<V> codec;
  private final TierClock clock;
  private final TierEvents events;
  private final Duration timeout;

  private BackendContext(Builder<V> builder) {
    this.tierName = Objects.requireNonNull(builder.tierName, "tierName must be set");
    this.options = Objects.requireNonNull(builder.options, "options must be set");
    this.codec = Objects.requireNonNull(builder.codec, "codec must be set");
    this.clock = builder.clock;
    this.events = builder.events;
    this.timeout = builder.timeout;
  }

  /**
   * Starts a context.
   *
   * @param tierName the tier's name, as in {@code L1-caffeine}; never containing credentials
   * @param options the tier's checked options (which hold its URI)
   * @param codec the stack's value codec
   * @param <V> the value type
   * @return a builder with the system clock and no event listener
   */
  public static <V> Builder<V> builder(String tierName, TierOptions options, ValueCodec<V> codec) {
    return new Builder<>(tierName, options, codec);
  }

  /**
   * Returns the tier's name, for {@link CacheBackend#name()} and messages.
   *
   * @return the name
   */
  public String tierName() {
    return tierName;
  }

  /**
   * Returns the tier's URI.
   *
   * @return the URI
   */
  public TierUri uri() {
    return options.uri();
  }

  /**
   * Returns the tier's options, checked against the provider's declared options.
   *
   * @return the options
   */
  public TierOptions options() {
    return options;
  }

  /**
   * Returns the codec for tiers that store bytes.
   *
   * @return the codec
   */
  public ValueCodec<V> codec() {
    return codec;
  }

  /**
   * Returns the clock by which the tier should judge expiry, when it can.
   *
   * @return the clock
   */
  public TierClock clock() {
    return clock;
  }

  /**
   * Returns where to report evictions, expiries and corrupt entries.
   *
   * @return the listener
   */
  public TierEvents events() {
    return events;
  }

  /**
   * Returns how long the stack lets one operation of this tier take before it counts as failed:
   * the tier's {@code timeout} option, or the stack's default for remote tiers. A remote backend
   * should configure its client with it (and fail fast beyond it) rather than with a default of
   * its own.
   *
   * @return the timeout; {@link Duration#ZERO} when none was given (the backend then chooses)
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "BackendContext[" + tierName + " " + options.redactedUri() + "]";
  }

  /**
   * Builds a {@link BackendContext}; not safe for concurrent use.
   *
   * @param <V> the value type
   */
  public static final class Builder<V> {
    private final String tierName;
    private final TierOptions options;
    private final ValueCodec<V> codec;
    private TierClock clock = TierClock.system();
    private TierEvents events = TierEvents.NONE;
    private Duration timeout = Duration.ZERO;

    private Builder(String tierName, TierOptions options, ValueCodec<V> codec) {
      this.tierName = Objects.requireNonNull(tierName, "tierName must not be null");
      this.options = Objects.requireNonNull(options, "options must not be null");
      this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /**
     * Sets the clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder<V> clock(TierClock value) {
      this.clock = Objects.requireNonNull(value, "clock must not be null");
      return this;
    }

    /**
     * Sets the event listener.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder<V> events(TierEvents value) {
      this.events = Objects.requireNonNull(value, "events must not be null");
      return this;
    }

    /**
     * Sets the timeout the stack applies to the tier's operations.
     *
     * @param value the timeout, not negative; {@link Duration#ZERO} for none
     * @return this builder
     * @throws IllegalArgumentException if the timeout is negative
     */
    public Builder<V> timeout(Duration value) {
      Objects.requireNonNull(value, "timeout must not be null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("timeout was " + value + " but must not be negative");
      }
      this.timeout = value;
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     */
    public BackendContext<V> build() {
      return new BackendContext<>(this);
    }
  }
}
