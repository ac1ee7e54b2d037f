package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.MapTier;
import io.tiercache.testing.MapTierProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

  private final BackendRegistry registry = BackendRegistry.of(List.of(new MapTierProvider()));

  @Test
  void unknownSchemeOfAKnownModuleNamesTheModuleAndTheInstalledSchemes() {
    assertThatThrownBy(() -> registry.checkTier("redis://localhost:6379/0"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessage(
            "Invalid tier 'redis://localhost:6379/0':\n"
                + "  scheme 'redis' is served by io.tiercache:tiercache-backend-redis, which is not"
                + " on the class path; add it to use this tier; installed schemes: map");
    assertThatThrownBy(() -> registry.checkTier("hazelcast-embedded:products"))
        .hasMessageContaining("io.tiercache:tiercache-backend-hazelcast");
  }

  @Test
  void misspeltSchemeGetsADidYouMean() {
    assertThatThrownBy(() -> registry.checkTier("mpa:"))
        .hasMessage(
            "Invalid tier 'mpa:':\n"
                + "  scheme 'mpa' is not served by any installed backend (did you mean 'map'?);"
                + " installed schemes: map");
    assertThatThrownBy(() -> registry.checkTier("cafeine://?maximumSize=10"))
        .hasMessageContaining("(did you mean 'caffeine'?)");
    assertThatThrownBy(() -> registry.checkTier("zzzzzz:"))
        .hasMessage(
            "Invalid tier 'zzzzzz:':\n"
                + "  scheme 'zzzzzz' is not served by any installed backend; installed schemes:"
                + " map");
  }

  @Test
  void twoProvidersOfOneSchemeIsAnErrorNamingBoth() {
    BackendRegistry clashing =
        BackendRegistry.of(List.of(new MapTierProvider(), new ClashingProvider()));
    String clash =
        "scheme 'map' is served by 2 providers (io.tiercache.testing.MapTierProvider,"
            + " io.tiercache.BackendRegistryTest$ClashingProvider); keep only one of them on the"
            + " class path";

    assertThatThrownBy(() -> clashing.check("map:"))
        .hasMessage("Invalid tier L1 'map:':\n  " + clash);
    assertThat(clashing.problems()).containsExactly(clash);
    assertThat(clashing.schemes()).containsExactly("other");
    assertThat(clashing.provider("map")).isEmpty();
    assertThat(clashing.provider("OTHER")).isPresent();
  }

  @Test
  void providerWhoseSchemesThrowIsReportedNotFatal() {
    BackendRegistry withBroken =
        BackendRegistry.of(List.of(new ThrowingSchemesProvider(), new MapTierProvider()));

    assertThat(withBroken.schemes()).containsExactly("map");
    assertThat(withBroken.checkTier("map:").name()).isEqualTo("L1-map");
    assertThatThrownBy(() -> withBroken.checkTier("nope:"))
        .hasMessage(
            "Invalid tier 'nope:':\n"
                + "  scheme 'nope' is not served by any installed backend; installed schemes:"
                + " map; providers that failed to load:"
                + " io.tiercache.BackendRegistryTest$ThrowingSchemesProvider:"
                + " IllegalStateException: schemes unavailable");
  }

  @Test
  void discoveryByServiceLoaderSurvivesAProviderThatCannotBeInstantiated() {
    BackendRegistry discovered = BackendRegistry.load();

    assertThat(discovered.schemes()).contains("map");
    assertThat(discovered.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("BrokenBackendProvider", "this provider's jar is broken");
    assertThatThrownBy(() -> discovered.checkTier("broken:"))
        .hasMessageContaining("providers that failed to load:")
        .hasMessageContaining("this provider's jar is broken");
  }

  @Test
  void discoveryIsCachedPerClassLoader() throws Exception {
    ClassLoader loader = BackendRegistryTest.class.getClassLoader();
    assertThat(BackendRegistry.load(loader)).isSameAs(BackendRegistry.load(loader));
    assertThat(PromotionStrategies.load(loader)).isSameAs(PromotionStrategies.load(loader));
    try (URLClassLoader child = new URLClassLoader(new URL[0], loader)) {
      assertThat(BackendRegistry.load(child)).isNotSameAs(BackendRegistry.load(loader));
      assertThat(BackendRegistry.load(child)).isSameAs(BackendRegistry.load(child));
    }
  }

  @Test
  void schemesAreCaseInsensitive() {
    BackendRegistry mixed =
        BackendRegistry.of(List.of(new MapTierProvider(Set.of("MiXed", "map"))));

    assertThat(mixed.schemes()).containsExactly("map", "mixed");
    assertThat(mixed.provider("MIXED")).isPresent();
    assertThat(mixed.checkTier("MIXED://?shared=true").name()).isEqualTo("L1-mixed");
    assertThat(mixed.checkTier("Map:").uri().scheme()).isEqualTo("map");
  }

  @Test
  void duplicateTierNamesAreAnError() {
    assertThatThrownBy(() -> registry.check("map:?name=same | map:?name=same"))
        .hasMessage(
            "Invalid tier L2 'map:?name=same':\n"
                + "  name 'same' is used by another tier of the stack; give each its own");
    assertThat(registry.check("map: | map:"))
        .extracting(TierSpec::name)
        .containsExactly("L1-map", "L2-map");
  }

  @Test
  void everyProblemOfEveryTierIsReportedAtOnce() {
    String stack =
        "map://?promote=bogus | map://?promote=hit-count:0&shared=maybe | redis://:secret@localhost"
            + " | mop:x | map://host/?name=a&x=1 | map:?name=a";
    assertThatThrownBy(() -> registry.check(stack))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessage(
            "Invalid tier L1 'map://?promote=bogus':\n"
                + "  promote was 'bogus' but must be " + PromotionStrategyTest.ALL_USAGES + "\n"
                + "Invalid tier L2 'map://?promote=hit-count:0&shared=maybe':\n"
                + "  shared was 'maybe' but must be 'true' or 'false'\n"
                + "  promote was 'hit-count:0' but must be "
                + PromotionStrategyTest.HIT_COUNT_USAGE + "\n"
                + "Invalid tier L3 'redis://:****@localhost':\n"
                + "  scheme 'redis' is served by io.tiercache:tiercache-backend-redis, which is not"
                + " on the class path; add it to use this tier; installed schemes: map\n"
                + "Invalid tier L4 'mop:x':\n"
                + "  scheme 'mop' is not served by any installed backend (did you mean 'map'?);"
                + " installed schemes: map\n"
                + "Invalid tier L5 'map://host/?name=a&x=1':\n"
                + "  'x' is not an option of scheme 'map'; options: shared, admitsByFrequency,"
                + " maximumEntries, maxBytes, ttl, staleFor, maxEntrySize, promote, timeout,"
                + " name\n"
                + "  a map tier has no host; write it as 'map://?...' or 'map:'\n"
                + "Invalid tier L6 'map:?name=a':\n"
                + "  name 'a' is used by another tier of the stack; give each its own");
  }

  @Test
  void aBuilderChecksEveryTierBeforeOpeningAny() {
    MapTierProvider provider = new MapTierProvider();
    BackendRegistry counting = BackendRegistry.of(List.of(provider));
    assertThatThrownBy(
            () ->
                TieredCache.builder(ValueCodec.utf8())
                    .registry(counting)
                    .tiers("map: | map:?bogus=1")
                    .build())
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining("'bogus' is not an option of scheme 'map'");
    assertThat(provider.opened()).isEmpty();

    ManualClock clock = new ManualClock();
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .registry(counting)
            .clock(clock)
            .tiers(List.of("map:?promote=always", "map:?shared=true&name=lower"))
            .build()) {
      assertThat(provider.opened()).hasSize(2);
      assertThat(cache.stats().tiers())
          .extracting(TierStats::name)
          .containsExactly("L1-map", "lower");
      MapTier<String> lower = provider.opened(1);
      assertThat(lower.capabilities().shared()).isTrue();
      cache.put("k", "v");
      assertThat(lower.raw("k").value()).isEqualTo("v");
    }
    assertThat(registry.describe()).contains("map: an in-process map for tests", "shared");
    CacheBackend<String> single = registry.open("map:?shared=true", ValueCodec.utf8());
    assertThat(single.capabilities().shared()).isTrue();
    single.close();
  }

  /** Another provider of the scheme {@code map}. */
  static final class ClashingProvider implements BackendProvider {
    @Override
    public Set<String> schemes() {
      return Set.of("map", "other");
    }

    @Override
    public List<Option<?>> options() {
      return List.of();
    }

    @Override
    public String description() {
      return "clashes with MapTierProvider";
    }

    @Override
    public <V> CacheBackend<V> create(BackendContext<V> context) {
      throw new UnsupportedOperationException();
    }
  }

  /** A provider whose {@code schemes()} fails, as a misconfigured one might. */
  static final class ThrowingSchemesProvider implements BackendProvider {
    @Override
    public Set<String> schemes() {
      throw new IllegalStateException("schemes unavailable");
    }

    @Override
    public List<Option<?>> options() {
      return List.of();
    }

    @Override
    public String description() {
      return "broken";
    }

    @Override
    public <V> CacheBackend<V> create(BackendContext<V> context) {
      throw new UnsupportedOperationException();
    }
  }
}
