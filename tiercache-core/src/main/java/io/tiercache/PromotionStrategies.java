package io.tiercache;

import io.tiercache.config.NearestName;
import io.tiercache.core.internal.ServiceDiscovery;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.PromotionStrategyProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The promotion strategies available by name, as written in a tier's {@code promote} parameter
 * ({@code <name>[:<argument>]}). Found once per class loader with {@link java.util.ServiceLoader};
 * names are case-insensitive. Immutable and safe for concurrent use.
 */
public final class PromotionStrategies {

  private static final Map<ClassLoader, PromotionStrategies> LOADED = new WeakHashMap<>();

  private final Map<String, PromotionStrategyProvider> byName;
  private final List<String> failures;

  private PromotionStrategies(Collection<? extends PromotionStrategyProvider> providers,
      List<String> failures) {
    Map<String, PromotionStrategyProvider> names = new LinkedHashMap<>();
    List<String> problems = new java.util.ArrayList<>(failures);
    for (PromotionStrategyProvider provider : providers) {
      String name;
      try {
        name = provider.name().toLowerCase(Locale.ROOT);
      } catch (RuntimeException e) {
        problems.add(provider.getClass().getName() + ": " + ServiceDiscovery.describe(e));
        continue;
      }
      PromotionStrategyProvider previous = names.putIfAbsent(name, provider);
      if (previous != null) {
        problems.add(
            "strategy '" + name + "' is provided twice, by " + previous.getClass().getName()
                + " and " + provider.getClass().getName() + "; the first is used");
      }
    }
    this.byName = Collections.unmodifiableMap(names);
    this.failures = List.copyOf(problems);
  }

  /**
   * Returns the strategies visible to the thread's context class loader (or, if it has none, to
   * this class's loader), discovered once per loader.
   *
   * @return the strategies
   */
  public static PromotionStrategies load() {
    return load(defaultLoader());
  }

  /**
   * Returns the strategies visible to a class loader, discovered once per loader.
   *
   * @param loader the class loader
   * @return the strategies
   */
  public static PromotionStrategies load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader must not be null");
    synchronized (LOADED) {
      return LOADED.computeIfAbsent(
          loader,
          l -> {
            ServiceDiscovery<PromotionStrategyProvider> found =
                ServiceDiscovery.load(PromotionStrategyProvider.class, l);
            return new PromotionStrategies(found.providers(), found.failures());
          });
    }
  }

  /**
   * Returns exactly the given strategies, without discovery.
   *
   * @param providers the strategy providers
   * @return the strategies
   */
  public static PromotionStrategies of(Collection<? extends PromotionStrategyProvider> providers) {
    return new PromotionStrategies(List.copyOf(providers), List.of());
  }

  /**
   * Returns the names of the available strategies.
   *
   * @return the names, lower case
   */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Returns the provider of a strategy.
   *
   * @param name the name, any case
   * @return the provider, if a strategy of that name is available
   */
  public Optional<PromotionStrategyProvider> provider(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Returns one line per strategy provider that failed to load or clashed with another.
   *
   * @return the failures
   */
  public List<String> failures() {
    return failures;
  }

  /**
   * Checks a {@code promote} value without creating a strategy.
   *
   * @param spec {@code <name>[:<argument>]}
   * @throws IllegalArgumentException if no strategy has that name or the argument is invalid; the
   *     message completes "{@code promote was '...' but must be ...}"
   */
  public void check(String spec) {
    providerFor(spec).checkArgument(argument(spec));
  }

  /**
   * Creates the strategy a {@code promote} value names.
   *
   * @param spec {@code <name>[:<argument>]}
   * @param context the tier the strategy guards
   * @return a new strategy
   * @throws IllegalArgumentException if no strategy has that name or the argument is invalid
   */
  public PromotionStrategy create(String spec, PromotionContext context) {
    return providerFor(spec).create(argument(spec), context);
  }

  private PromotionStrategyProvider providerFor(String spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    PromotionStrategyProvider provider = byName.get(name.toLowerCase(Locale.ROOT));
    if (provider == null) {
      String known =
          byName.values().stream().map(PromotionStrategyProvider::usage)
              .collect(Collectors.joining("; "));
      String hint =
          NearestName.of(name, byName.keySet()).map(n -> " (did you mean '" + n + "'?)")
              .orElse("");
      throw new IllegalArgumentException(
          (known.isEmpty() ? "a known strategy, but none is installed" : "one of: " + known)
              + hint);
    }
    return provider;
  }

  private static @Nullable String argument(String spec) {
    int colon = spec.indexOf(':');
    return colon < 0 ? null : spec.substring(colon + 1);
  }

  static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : PromotionStrategies.class.getClassLoader();
  }

  @Override
  public String toString() {
    return "PromotionStrategies" + byName.keySet();
  }
}
