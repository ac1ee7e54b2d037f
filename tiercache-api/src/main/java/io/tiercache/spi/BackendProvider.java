package io.tiercache.spi;

import io.tiercache.config.Option;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.util.List;
import java.util.Set;

/**
 * Creates tiers for one or more URI schemes. Found by {@link java.util.ServiceLoader}: register
 * the implementation in {@code META-INF/services/io.tiercache.spi.BackendProvider} and with
 * {@code provides io.tiercache.spi.BackendProvider with ...} in {@code module-info}. It needs a
 * public no-argument constructor, must be cheap to construct, and must be safe for concurrent
 * use.
 *
 * <p>Before any tier of a stack is created, the registry checks every tier: the URI's parameters
 * against {@link #options()} plus the {@link io.tiercache.config.CommonOptions common options},
 * then {@link #check} for what options alone cannot say. Only when every tier is valid does it
 * call {@link #create} for each.
 */
public interface BackendProvider {

  /**
   * Returns the URI schemes this provider serves, in lower case.
   *
   * @return the schemes, such as {@code redis} and {@code rediss}; at least one
   */
  Set<String> schemes();

  /**
   * Returns the options this provider's tiers accept, beyond the common ones, each documented.
   *
   * @return the options
   */
  List<Option<?>> options();

  /**
   * Returns one line saying what kind of tier this provider creates.
   *
   * @return the description
   */
  String description();

  /**
   * Checks what the options alone cannot: the URI's shape (hosts, path, user information) and
   * combinations of options. Adds one line per problem, naming what is wrong and what is expected;
   * must not throw for a bad URI and must not open anything.
   *
   * @param uri the tier's URI
   * @param options the options that parsed (bad ones already reported are left out)
   * @param problems receives the problems
   */
  default void check(TierUri uri, TierOptions options, List<String> problems) {}

  /**
   * Creates and opens a tier.
   *
   * @param context the tier's URI, options, codec, clock and event listener
   * @param <V> the value type
   * @return the tier, ready for use
   * @throws TierAccessException if the store cannot be opened (a server cannot be reached, a
   *     folder is locked)
   */
  <V> CacheBackend<V> create(BackendContext<V> context);
}
