package io.tiercache.spi;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
   * Runs {@link #check} on a context and throws if it finds a problem. The registry checks every
   * URI before it creates a tier; a provider calls this at the start of {@link #create} so that a
   * caller who bypassed the registry gets the same error.
   *
   * @param context the context {@link #create} was given
   * @throws InvalidTierUriException listing every problem, the tier named with its credentials
   *     masked
   */
  default void requireValid(BackendContext<?> context) {
    Objects.requireNonNull(context, "context must not be null");
    List<String> problems = new ArrayList<>();
    check(context.uri(), context.options(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidTierUriException(
          List.of(
              new InvalidTierUriException.TierProblems(
                  "Invalid tier '" + context.options().redactedUri() + "'", problems)));
    }
  }

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
