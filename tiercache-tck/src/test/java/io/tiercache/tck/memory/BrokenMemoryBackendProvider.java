package io.tiercache.tck.memory;

import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.util.List;
import java.util.Set;

/**
 * Serves {@code broken-memory://?defect=<defect>}: the memory tier with one {@link Defect}
 * planted, for proving that the kit catches it. Accepts the options of {@code memory://} too.
 */
public final class BrokenMemoryBackendProvider implements BackendProvider {

  static final Option<String> DEFECT =
      Option.of("defect", OptionType.choice(Defect.ids()), null, "the defect to plant");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public BrokenMemoryBackendProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("broken-memory");
  }

  @Override
  public List<Option<?>> options() {
    return List.of(MemoryBackendProvider.TAGS, MemoryBackendProvider.LOCAL,
        MemoryBackendProvider.CLOCK, DEFECT);
  }

  @Override
  public String description() {
    return "the memory tier with a planted defect, to prove the kit catches it";
  }

  @Override
  public void check(TierUri uri, TierOptions options, List<String> problems) {
    if (!options.isSet(DEFECT) && !uri.parameters().containsKey(DEFECT.name())) {
      problems.add("defect is required: one of " + String.join(", ", Defect.ids()));
    }
  }

  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    return MemoryBackendProvider.open(context, Set.of(Defect.of(context.options().get(DEFECT))));
  }
}
