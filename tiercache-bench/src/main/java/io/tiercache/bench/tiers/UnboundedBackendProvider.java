package io.tiercache.bench.tiers;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Creates unbounded in-process tiers for the URI scheme {@code unbounded}, as in
 * {@code unbounded://}: a map that keeps every entry until it is gone, invalidated or replaced.
 * The lower tier of trace replays, where L2 is taken to hold everything. Found by
 * {@link java.util.ServiceLoader}; stateless and safe for concurrent use.
 */
public final class UnboundedBackendProvider implements BackendProvider {

  private static final String SCHEME = "unbounded";

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public UnboundedBackendProvider() {}

  /**
   * Returns the one scheme served, {@code unbounded}.
   *
   * @return {@code [unbounded]}
   */
  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  /**
   * Returns no option beyond the common ones.
   *
   * @return an empty list
   */
  @Override
  public List<Option<?>> options() {
    return List.of();
  }

  @Override
  public String description() {
    return "in-process tier without a bound (grows with the keys), the lower tier of replays";
  }

  /**
   * Checks that the URI is {@code unbounded://} with no user information, host or path.
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
    InProcessUri.check(uri, "'unbounded://'", problems);
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
    return new LruBackend<>(context.tierName(), context.clock(), context.events(), -1);
  }

  @Override
  public String toString() {
    return "UnboundedBackendProvider[" + SCHEME + "]";
  }
}
