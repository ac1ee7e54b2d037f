package io.tiercache;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.InvalidTierUriException.TierProblems;
import io.tiercache.config.NearestName;
import io.tiercache.config.Option;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.core.internal.ServiceDiscovery;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The backends available by URI scheme, and the checks that turn tier URIs into tiers.
 *
 * <p>Backends are found with {@link java.util.ServiceLoader}, once per class loader; schemes are
 * case-insensitive. A provider that fails to load, or whose {@code schemes()} fails, does not stop
 * discovery: it is left out and reported in the message of any unknown scheme. Two providers of
 * one scheme make that scheme unusable, with a message naming both.
 *
 * <p>{@link #check(String)} checks a whole stack before anything is opened and reports every
 * problem of every tier in one {@link InvalidTierUriException}: malformed URIs, unknown schemes
 * (naming the installed ones and the module that would add the missing one), unknown parameters
 * (with the nearest known name), bad values, unknown promotion strategies, and whatever the
 * provider's own {@link BackendProvider#check} finds.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class BackendRegistry {

  /** Which module serves each scheme that tiercache itself ships, for "add ..." hints. */
  private static final Map<String, String> MODULES =
      Map.ofEntries(
          Map.entry("caffeine", "io.tiercache:tiercache-backend-caffeine"),
          Map.entry("redis", "io.tiercache:tiercache-backend-redis"),
          Map.entry("rediss", "io.tiercache:tiercache-backend-redis"),
          Map.entry("redis-sentinel", "io.tiercache:tiercache-backend-redis"),
          Map.entry("redis-cluster", "io.tiercache:tiercache-backend-redis"),
          Map.entry("hazelcast", "io.tiercache:tiercache-backend-hazelcast"),
          Map.entry("hazelcast-embedded", "io.tiercache:tiercache-backend-hazelcast"),
          Map.entry("ehcache", "io.tiercache:tiercache-backend-ehcache"));

  private static final Map<ClassLoader, BackendRegistry> LOADED = new WeakHashMap<>();

  private final Map<String, BackendProvider> byScheme;
  private final Map<String, List<BackendProvider>> clashes;
  private final List<String> failures;
  private final PromotionStrategies strategies;

  private BackendRegistry(
      Collection<? extends BackendProvider> providers,
      List<String> loadFailures,
      PromotionStrategies strategies) {
    Map<String, BackendProvider> schemes = new TreeMap<>();
    Map<String, List<BackendProvider>> duplicates = new TreeMap<>();
    List<String> problems = new ArrayList<>(loadFailures);
    for (BackendProvider provider : providers) {
      Set<String> served;
      try {
        served = Set.copyOf(provider.schemes());
        provider.options();
      } catch (RuntimeException e) {
        problems.add(provider.getClass().getName() + ": " + ServiceDiscovery.describe(e));
        continue;
      }
      for (String scheme : served) {
        String key = scheme.toLowerCase(Locale.ROOT);
        BackendProvider previous = schemes.putIfAbsent(key, provider);
        if (previous != null) {
          duplicates.computeIfAbsent(key, k -> new ArrayList<>(List.of(previous))).add(provider);
        }
      }
    }
    this.byScheme = Collections.unmodifiableMap(schemes);
    this.clashes = Collections.unmodifiableMap(duplicates);
    this.failures = List.copyOf(problems);
    this.strategies = strategies;
  }

  /**
   * Returns the backends visible to the thread's context class loader (or, if it has none, to
   * this class's loader), discovered once per loader.
   *
   * @return the registry
   */
  public static BackendRegistry load() {
    return load(PromotionStrategies.defaultLoader());
  }

  /**
   * Returns the backends and promotion strategies visible to a class loader, discovered once per
   * loader.
   *
   * @param loader the class loader
   * @return the registry
   */
  public static BackendRegistry load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader must not be null");
    synchronized (LOADED) {
      BackendRegistry registry = LOADED.get(loader);
      if (registry == null) {
        ServiceDiscovery<BackendProvider> found =
            ServiceDiscovery.load(BackendProvider.class, loader);
        registry =
            new BackendRegistry(
                found.providers(), found.failures(), PromotionStrategies.load(loader));
        LOADED.put(loader, registry);
      }
      return registry;
    }
  }

  /**
   * Returns a registry of exactly the given providers, without discovery, with the promotion
   * strategies visible to this class's loader.
   *
   * @param providers the providers
   * @return the registry
   */
  public static BackendRegistry of(Collection<? extends BackendProvider> providers) {
    return of(providers, PromotionStrategies.load(BackendRegistry.class.getClassLoader()));
  }

  /**
   * Returns a registry of exactly the given providers and strategies, without discovery.
   *
   * @param providers the backend providers
   * @param strategies the promotion strategies
   * @return the registry
   */
  public static BackendRegistry of(
      Collection<? extends BackendProvider> providers, PromotionStrategies strategies) {
    Objects.requireNonNull(strategies, "strategies must not be null");
    return new BackendRegistry(List.copyOf(providers), List.of(), strategies);
  }

  /**
   * Returns the schemes that can be used: served by exactly one provider.
   *
   * @return the schemes, lower case, sorted
   */
  public Set<String> schemes() {
    Set<String> usable = new java.util.TreeSet<>(byScheme.keySet());
    usable.removeAll(clashes.keySet());
    return Collections.unmodifiableSet(usable);
  }

  /**
   * Returns the provider of a scheme.
   *
   * @param scheme the scheme, any case
   * @return the provider, if exactly one serves the scheme
   */
  public Optional<BackendProvider> provider(String scheme) {
    String key = scheme.toLowerCase(Locale.ROOT);
    return clashes.containsKey(key) ? Optional.empty() : Optional.ofNullable(byScheme.get(key));
  }

  /**
   * Returns the promotion strategies this registry checks {@code promote} parameters against.
   *
   * @return the strategies
   */
  public PromotionStrategies promotionStrategies() {
    return strategies;
  }

  /**
   * Returns one line per provider that failed to load, and per scheme served twice.
   *
   * @return the problems of discovery
   */
  public List<String> problems() {
    List<String> all = new ArrayList<>(failures);
    clashes.forEach((scheme, providers) -> all.add(clash(scheme, providers)));
    return all;
  }

  /**
   * Checks a stack of tiers joined by {@code |}, L1 first, without opening any.
   *
   * @param stack the stack, such as {@code caffeine://?maximumSize=10000 | redis://localhost/0}
   * @return the checked tiers, L1 first
   * @throws InvalidTierUriException listing every problem of every tier
   */
  public List<TierSpec> check(String stack) {
    Objects.requireNonNull(stack, "tier stack must not be null");
    if (stack.isBlank()) {
      TierUri.parseStack(stack); // throws the message for an empty stack
    }
    return check(List.of(stack.split("\\|", -1)), true, 1);
  }

  /**
   * Checks a list of tier URIs, L1 first, without opening any.
   *
   * @param tiers the tier URIs
   * @return the checked tiers, L1 first
   * @throws InvalidTierUriException listing every problem of every tier
   * @throws IllegalArgumentException if the list is empty
   */
  public List<TierSpec> check(List<String> tiers) {
    return check(tiers, 1);
  }

  /**
   * Checks a list of tier URIs that sit at a given depth of a larger stack, without opening any:
   * the first is tier {@code L<firstLevel>}, which its default name and any message say.
   *
   * @param tiers the tier URIs
   * @param firstLevel the level of the first, from 1
   * @return the checked tiers, in order
   * @throws InvalidTierUriException listing every problem of every tier
   * @throws IllegalArgumentException if the list is empty or {@code firstLevel} is below 1
   */
  public List<TierSpec> check(List<String> tiers, int firstLevel) {
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("a stack needs at least one tier; the list was empty");
    }
    if (firstLevel < 1) {
      throw new IllegalArgumentException("firstLevel was " + firstLevel + " but must be >= 1");
    }
    return check(tiers, true, firstLevel);
  }

  /**
   * Checks one tier URI, without opening it.
   *
   * @param tier the tier URI
   * @return the checked tier, at level 1
   * @throws InvalidTierUriException listing every problem
   */
  public TierSpec checkTier(String tier) {
    return check(List.of(tier), false, 1).get(0);
  }

  /**
   * Opens a checked tier.
   *
   * @param spec the tier
   * @param codec the stack's value codec
   * @param clock the stack's clock
   * @param events where the tier reports evictions, expiries and corrupt entries
   * @param <V> the value type
   * @return the open tier
   * @throws io.tiercache.spi.TierAccessException if the store cannot be opened
   */
  public <V> CacheBackend<V> open(
      TierSpec spec, ValueCodec<V> codec, TierClock clock, TierEvents events) {
    return open(
        spec, codec, clock, events, spec.options().find(CommonOptions.TIMEOUT).orElse(Duration.ZERO));
  }

  /**
   * Opens a checked tier, telling it the timeout the stack applies to its operations.
   *
   * @param spec the tier
   * @param codec the stack's value codec
   * @param clock the stack's clock
   * @param events where the tier reports evictions, expiries and corrupt entries
   * @param timeout the stack's timeout for the tier's operations; {@link Duration#ZERO} for none
   * @param <V> the value type
   * @return the open tier
   * @throws io.tiercache.spi.TierAccessException if the store cannot be opened
   */
  public <V> CacheBackend<V> open(
      TierSpec spec, ValueCodec<V> codec, TierClock clock, TierEvents events, Duration timeout) {
    BackendContext<V> context =
        BackendContext.builder(spec.name(), spec.options(), codec)
            .clock(clock)
            .events(events)
            .timeout(timeout)
            .build();
    return spec.provider().create(context);
  }

  /**
   * Checks and opens one tier, with the system clock and no event listener.
   *
   * @param tier the tier URI
   * @param codec the value codec
   * @param <V> the value type
   * @return the open tier
   * @throws InvalidTierUriException listing every problem of the URI
   */
  public <V> CacheBackend<V> open(String tier, ValueCodec<V> codec) {
    return open(checkTier(tier), codec, TierClock.system(), TierEvents.NONE);
  }

  /**
   * Describes every scheme and its options, one option a line, for documentation and help.
   *
   * @return the description
   */
  public String describe() {
    Map<BackendProvider, Set<String>> byProvider = new LinkedHashMap<>();
    byScheme.forEach(
        (scheme, provider) ->
            byProvider.computeIfAbsent(provider, p -> new java.util.TreeSet<>()).add(scheme));
    StringBuilder out = new StringBuilder();
    byProvider.forEach(
        (provider, schemes) -> {
          out.append(String.join(", ", schemes)).append(": ").append(provider.description())
              .append('\n');
          for (Option<?> option : optionsOf(provider)) {
            out.append("  ").append(option.describe()).append('\n');
          }
        });
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------

  private List<TierSpec> check(List<String> texts, boolean stack, int firstLevel) {
    List<TierSpec> specs = new ArrayList<>(texts.size());
    List<TierProblems> failures = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = Objects.requireNonNull(texts.get(i), "tier URI must not be null").strip();
      List<String> problems = new ArrayList<>();
      int level = firstLevel + i;
      TierSpec spec = checkOne(text, level, problems);
      if (spec != null && !names.add(spec.name())) {
        problems.add(
            "name '" + spec.name() + "' is used by another tier of the stack; give each its own");
      }
      if (!problems.isEmpty()) {
        String heading =
            (stack ? "Invalid tier L" + level + " '" : "Invalid tier '")
                + TierUri.redactRaw(text) + "'";
        failures.add(new TierProblems(heading, problems));
      } else if (spec != null) {
        specs.add(spec);
      }
    }
    if (!failures.isEmpty()) {
      throw new InvalidTierUriException(failures);
    }
    return List.copyOf(specs);
  }

  private @Nullable TierSpec checkOne(String text, int level, List<String> problems) {
    TierUri uri;
    try {
      uri = TierUri.parse(text);
    } catch (InvalidTierUriException e) {
      problems.addAll(e.problems());
      return null;
    }
    String scheme = uri.scheme();
    List<BackendProvider> clash = clashes.get(scheme);
    if (clash != null) {
      problems.add(clash(scheme, clash));
      return null;
    }
    BackendProvider provider = byScheme.get(scheme);
    if (provider == null) {
      problems.add(unknownScheme(scheme));
      return null;
    }
    TierOptions options = TierOptions.check(uri, optionsOf(provider), problems);
    options
        .find(CommonOptions.PROMOTE)
        .ifPresent(
            promote -> {
              try {
                strategies.check(promote);
              } catch (IllegalArgumentException e) {
                problems.add("promote was '" + promote + "' but must be " + e.getMessage());
              }
            });
    try {
      provider.check(uri, options, problems);
    } catch (RuntimeException e) {
      problems.add(
          "provider " + provider.getClass().getName() + " failed to check it: "
              + ServiceDiscovery.describe(e));
    }
    String name = options.find(CommonOptions.NAME).orElse("L" + level + "-" + scheme);
    return new TierSpec(level, name, uri, options, provider);
  }

  private static List<Option<?>> optionsOf(BackendProvider provider) {
    List<Option<?>> all = new ArrayList<>(provider.options());
    all.addAll(CommonOptions.ALL);
    return all;
  }

  private String unknownScheme(String scheme) {
    StringBuilder message = new StringBuilder("scheme '").append(scheme).append('\'');
    String module = MODULES.get(scheme);
    if (module != null) {
      message.append(" is served by ").append(module).append(", which is not on the class path;"
          + " add it to use this tier");
    } else {
      message.append(" is not served by any installed backend");
      Set<String> known = new HashSet<>(byScheme.keySet());
      known.addAll(MODULES.keySet());
      NearestName.of(scheme, known)
          .ifPresent(near -> message.append(" (did you mean '").append(near).append("'?)"));
    }
    message.append("; installed schemes: ")
        .append(byScheme.isEmpty() ? "none" : String.join(", ", schemes()));
    if (!failures.isEmpty()) {
      message.append("; providers that failed to load: ").append(String.join("; ", failures));
    }
    return message.toString();
  }

  private static String clash(String scheme, List<BackendProvider> providers) {
    return "scheme '" + scheme + "' is served by " + providers.size() + " providers ("
        + providers.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
        + "); keep only one of them on the class path";
  }

  @Override
  public String toString() {
    return "BackendRegistry" + byScheme.keySet();
  }
}
