package io.tiercache.tck.memory;

import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.TierClock;
import java.util.List;
import java.util.Set;

/**
 * Serves {@code memory://}: an in-process tier of encoded entries, written only in the kit's test
 * sources, as a third party would write a backend. Options:
 *
 * <ul>
 *   <li>{@code tags} (default {@code true}): whether it indexes tags;
 *   <li>{@code local} (default {@code true}): whether it is a {@code LocalCacheBackend};
 *   <li>{@code clock} ({@code context} by default, or {@code system}): with {@code system} it
 *       keeps time like a server, ignores the context's clock and declares so.
 * </ul>
 */
public final class MemoryBackendProvider implements BackendProvider {

  static final Option<Boolean> TAGS =
      Option.of("tags", OptionType.bool(), true, "whether the tier indexes tags");
  static final Option<Boolean> LOCAL =
      Option.of("local", OptionType.bool(), true,
          "whether the tier offers the synchronous methods of a LocalCacheBackend");
  static final Option<String> CLOCK =
      Option.of("clock", OptionType.choice("context", "system"), "context",
          "judge expiry by the context's clock, or by the system clock like a server");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MemoryBackendProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public List<Option<?>> options() {
    return List.of(TAGS, LOCAL, CLOCK);
  }

  @Override
  public String description() {
    return "an in-process tier of encoded entries on a ConcurrentHashMap (the kit's test backend)";
  }

  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    return open(context, Set.of());
  }

  /** Opens a memory tier with the given defects planted. */
  static <V> CacheBackend<V> open(BackendContext<V> context, Set<Defect> defects) {
    TierOptions options = context.options();
    boolean system = options.get(CLOCK).equals("system");
    MemoryBackend<V> backend =
        new MemoryBackend<>(context.tierName(), context.codec(),
            system ? TierClock.system() : context.clock(), !system, context.events(),
            options.get(TAGS), defects);
    return options.get(LOCAL) ? backend : new AsyncOnlyBackend<>(backend);
  }
}
