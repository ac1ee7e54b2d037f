package io.tiercache.bench.tiers;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Creates recency-only in-process tiers for the URI scheme {@code lru}, as in
 * {@code lru://?maximumSize=1000}: a map that evicts the least recently used entry when full and
 * admits every write. It stands for the L1s that keep entries by recency alone (an Ehcache heap
 * tier, a plain LRU map), against which promotion gates matter most. Found by
 * {@link java.util.ServiceLoader}; stateless and safe for concurrent use.
 */
public final class LruBackendProvider implements BackendProvider {

  /** The number of entries a tier holds when {@code maximumSize} is not given. */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

  private static final String SCHEME = "lru";

  static final Option<Long> MAXIMUM_SIZE =
      Option.of(
          "maximumSize",
          OptionType.integer(1, Integer.MAX_VALUE),
          DEFAULT_MAXIMUM_SIZE,
          "the most entries this tier holds; the least recently used is evicted beyond it");

  private static final List<Option<?>> OPTIONS = List.of(MAXIMUM_SIZE);

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public LruBackendProvider() {}

  /**
   * Returns the one scheme served, {@code lru}.
   *
   * @return {@code [lru]}
   */
  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  /**
   * Returns {@code maximumSize}; the common options are added by the registry.
   *
   * @return the options
   */
  @Override
  public List<Option<?>> options() {
    return OPTIONS;
  }

  @Override
  public String description() {
    return "in-process recency-only tier (least recently used evicted first), for the bench";
  }

  /**
   * Checks that the URI is {@code lru://} with no user information, host or path.
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
    InProcessUri.check(uri, "'lru://?maximumSize=1000'", problems);
  }

  /**
   * Creates a tier.
   *
   * @param context the tier's options, clock and event listener
   * @param <V> the value type
   * @return the tier, a {@link io.tiercache.spi.LocalCacheBackend}
   * @throws InvalidTierUriException if the URI fails {@link #check} (only when the registry was
   *     bypassed)
   */
  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    requireValid(context);
    return new LruBackend<>(
        context.tierName(), context.clock(), context.events(),
        context.options().get(MAXIMUM_SIZE));
  }

  @Override
  public String toString() {
    return "LruBackendProvider[" + SCHEME + "]";
  }
}
