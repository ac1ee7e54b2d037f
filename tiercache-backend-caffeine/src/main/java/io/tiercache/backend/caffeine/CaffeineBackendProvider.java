package io.tiercache.backend.caffeine;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates in-process tiers on Caffeine for the URI scheme {@code caffeine}, as in
 * {@code caffeine://?maximumSize=10000}. Found by {@link java.util.ServiceLoader}; users do not
 * call it directly. Its options and the tiers' behaviour are described in the
 * {@linkplain io.tiercache.backend.caffeine package documentation}.
 *
 * <p>Stateless and safe for concurrent use.
 */
public final class CaffeineBackendProvider implements BackendProvider {

  /** The number of entries a tier holds at most when neither bound is given. */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

  /**
   * The bytes added to the encoded size of each value when a tier is bounded by
   * {@code maximumWeight}: an estimate of what the entry's metadata (expiry, stale window, tag
   * set) and Caffeine's node (references, expiry and frequency fields) take on the heap.
   */
  public static final int ENTRY_OVERHEAD_BYTES = 64;

  private static final String SCHEME = "caffeine";
  private static final String EXPECTED_FORM = "'caffeine://?maximumSize=10000'";

  /** The most entries the tier holds. */
  static final Option<Long> MAXIMUM_SIZE =
      Option.of(
          "maximumSize",
          OptionType.integer(1, Long.MAX_VALUE),
          DEFAULT_MAXIMUM_SIZE,
          "the most entries this tier holds (the default applies when maximumWeight is absent;"
              + " not with maximumWeight)");

  /** The most bytes the tier holds, entries weighed by their encoded size. */
  static final Option<Long> MAXIMUM_WEIGHT =
      Option.of(
          "maximumWeight",
          OptionType.size(),
          null,
          "the most bytes this tier holds, each entry weighing its value's encoded size plus "
              + ENTRY_OVERHEAD_BYTES
              + " bytes (not with maximumSize)");

  /** How long an entry may go unread before it is dropped. */
  static final Option<Duration> EXPIRE_AFTER_ACCESS =
      Option.of(
          "expireAfterAccess",
          OptionType.duration(false),
          null,
          "drops an entry not read for this long, in addition to its own expiry");

  /** Whether Caffeine records its statistics. */
  static final Option<Boolean> RECORD_STATS =
      Option.of(
          "recordStats",
          OptionType.bool(),
          Boolean.FALSE,
          "records Caffeine's hit, miss and eviction counts, shown by the tier's toString()");

  private static final List<Option<?>> OPTIONS =
      List.of(MAXIMUM_SIZE, MAXIMUM_WEIGHT, EXPIRE_AFTER_ACCESS, RECORD_STATS);

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public CaffeineBackendProvider() {}

  /**
   * Returns the one scheme served, {@code caffeine}.
   *
   * @return {@code [caffeine]}
   */
  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  /**
   * Returns {@code maximumSize}, {@code maximumWeight}, {@code expireAfterAccess} and
   * {@code recordStats}; the common options are added by the registry.
   *
   * @return the options, always the same instances
   */
  @Override
  public List<Option<?>> options() {
    return OPTIONS;
  }

  @Override
  public String description() {
    return "in-process tier on Caffeine (W-TinyLFU), bounded by entries or by encoded bytes";
  }

  /**
   * Checks that the URI is {@code caffeine://} with no user information, host or path, that at
   * most one of {@code maximumSize} and {@code maximumWeight} is given, and that
   * {@code maximumWeight} leaves room for at least one entry.
   *
   * @param uri the tier's URI
   * @param options the options that parsed
   * @param problems receives one line per problem
   */
  @Override
  public void check(TierUri uri, TierOptions options, List<String> problems) {
    Objects.requireNonNull(uri, "uri must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(problems, "problems must not be null");
    if (!uri.hierarchical()) {
      problems.add(
          "has no '//' after 'caffeine:' (found 'caffeine:" + uri.path() + "'); expected the"
              + " form " + EXPECTED_FORM);
    } else {
      if (uri.password() != null || uri.user().isPresent()) {
        problems.add(
            "has user information, but a caffeine tier takes none (it lives in this process);"
                + " expected the form " + EXPECTED_FORM);
      }
      if (!uri.hosts().isEmpty()) {
        String hosts =
            uri.hosts().stream().map(TierUri.Host::toString).collect(Collectors.joining(","));
        problems.add(
            "has " + (uri.hosts().size() == 1 ? "host" : "hosts") + " '" + hosts + "', but a"
                + " caffeine tier takes none (it lives in this process); expected the form "
                + EXPECTED_FORM);
      }
      if (!uri.path().isEmpty()) {
        problems.add(
            "has path '" + uri.path() + "', but a caffeine tier takes none; expected the form "
                + EXPECTED_FORM);
      }
    }
    boolean sized = options.isSet(MAXIMUM_SIZE);
    boolean weighed = options.isSet(MAXIMUM_WEIGHT);
    if (sized && weighed) {
      problems.add(
          "maximumSize and maximumWeight are both given, but a caffeine tier is bounded by one"
              + " of them; keep maximumSize (entries) or maximumWeight (bytes)");
    }
    if (weighed && options.get(MAXIMUM_WEIGHT) <= ENTRY_OVERHEAD_BYTES) {
      problems.add(
          "maximumWeight was '" + uri.parameters().get(MAXIMUM_WEIGHT.name()) + "' but must be"
              + " more than " + ENTRY_OVERHEAD_BYTES + " bytes, the weight of an entry whose"
              + " value is empty");
    }
  }

  /**
   * Creates a tier.
   *
   * @param context the tier's options, codec, clock and event listener
   * @param <V> the value type
   * @return the tier, a {@link io.tiercache.spi.LocalCacheBackend}
   * @throws InvalidTierUriException if the URI or its options fail {@link #check} (only when the
   *     registry was bypassed)
   * @throws IllegalArgumentException if the options were not checked against {@link #options()}
   */
  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    requireValid(context);
    return new CaffeineBackend<>(context);
  }

  @Override
  public String toString() {
    return "CaffeineBackendProvider[" + SCHEME + "]";
  }
}
