package io.tiercache.testing;

import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider of {@link MapTier}s for registry and statistics tests, serving the schemes given
 * (by default {@code map}). Options: {@code shared}, {@code admitsByFrequency},
 * {@code maximumEntries}, {@code size}. The tiers it opened are kept, with their context's event
 * listener, so that a test can fire events.
 */
public final class MapTierProvider implements BackendProvider {

  public static final Option<Boolean> SHARED =
      Option.of("shared", OptionType.bool(), false, "declare the tier shared");
  public static final Option<Boolean> ADMITS =
      Option.of("admitsByFrequency", OptionType.bool(), false, "declare TinyLFU-like admission");
  public static final Option<Long> MAXIMUM =
      Option.of("maximumEntries", OptionType.integer(-1, Long.MAX_VALUE), -1L, "declared size");
  public static final Option<Long> MAX_BYTES =
      Option.of("maxBytes", OptionType.size(), null, "declared largest entry");

  private final Set<String> schemes;
  private final List<MapTier<?>> opened = new CopyOnWriteArrayList<>();

  public MapTierProvider() {
    this(Set.of("map"));
  }

  public MapTierProvider(Set<String> schemes) {
    this.schemes = schemes;
  }

  @Override
  public Set<String> schemes() {
    return schemes;
  }

  @Override
  public List<Option<?>> options() {
    return List.of(SHARED, ADMITS, MAXIMUM, MAX_BYTES);
  }

  @Override
  public String description() {
    return "an in-process map for tests";
  }

  @Override
  public void check(TierUri uri, TierOptions options, List<String> problems) {
    if (!uri.hosts().isEmpty()) {
      problems.add("a map tier has no host; write it as 'map://?...' or 'map:'");
    }
  }

  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    TierOptions options = context.options();
    BackendCapabilities.Builder capabilities =
        options.get(SHARED)
            ? BackendCapabilities.remote().storesBytes(false).honoursClock(true)
            : BackendCapabilities.inProcess().tags(true);
    capabilities.admitsByFrequency(options.get(ADMITS)).maximumEntries(options.get(MAXIMUM));
    options.find(MAX_BYTES).ifPresent(capabilities::maxEntryBytes);
    MapTier<V> tier =
        new MapTier<>(context.tierName(), context.clock(), capabilities.build(), context.events());
    opened.add(tier);
    return tier;
  }

  /** Returns the tiers opened so far, in order. */
  public List<MapTier<?>> opened() {
    return opened;
  }

  @SuppressWarnings("unchecked")
  public <V> MapTier<V> opened(int index) {
    return (MapTier<V>) opened.get(index);
  }
}
