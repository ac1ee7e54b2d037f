package io.tiercache.backend.caffeine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierEvents;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CaffeineBackendProviderTest {

  private static final String FORM = "expected the form 'caffeine://?maximumSize=10000'";

  private final BackendRegistry registry = BackendRegistry.load();

  // ---------------------------------------------------------------------------------------------
  // Discovery

  @Test
  void registryDiscoversTheCaffeineScheme() {
    assertThat(registry.schemes()).contains("caffeine");
    assertThat(registry.provider("caffeine")).get().isInstanceOf(CaffeineBackendProvider.class);
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertThat(registry.provider("CAFFEINE")).get().isInstanceOf(CaffeineBackendProvider.class);

    CacheBackend<String> tier =
        registry.open(
            registry.checkTier("CAFFEINE://?maximumSize=5"),
            ValueCodec.utf8(),
            new ManualClock(),
            TierEvents.NONE);

    assertThat(tier).isInstanceOf(LocalCacheBackend.class);
    assertThat(tier.name()).isEqualTo("L1-caffeine");
    assertThat(tier.capabilities().maximumEntries()).isEqualTo(5);
    tier.close();
  }

  @Test
  void serviceLoaderFindsTheProviderThroughMetaInfServices() {
    List<String> found =
        ServiceLoader.load(BackendProvider.class).stream()
            .map(provider -> provider.type().getName())
            .collect(Collectors.toList());

    assertThat(found).contains(CaffeineBackendProvider.class.getName());
  }

  @Test
  void moduleDescriptorProvidesTheBackendAndExportsNothing() throws Exception {
    Path classes =
        Path.of(
            CaffeineBackendProvider.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());

    ModuleDescriptor module =
        ModuleFinder.of(classes).find("io.tiercache.backend.caffeine").orElseThrow().descriptor();

    assertThat(module.provides())
        .singleElement()
        .satisfies(
            provides -> {
              assertThat(provides.service()).isEqualTo(BackendProvider.class.getName());
              assertThat(provides.providers())
                  .containsExactly(CaffeineBackendProvider.class.getName());
            });
    assertThat(module.exports()).isEmpty();
    assertThat(module.requires().stream().map(ModuleDescriptor.Requires::name))
        .contains("io.tiercache.api", "com.github.benmanes.caffeine");
  }

  // ---------------------------------------------------------------------------------------------
  // Options

  @Test
  void declaresItsOptionsEachWithOneLineOfHelp() {
    CaffeineBackendProvider provider = new CaffeineBackendProvider();

    assertThat(provider.schemes()).containsExactly("caffeine");
    assertThat(provider.options())
        .extracting(Option::name)
        .containsExactly("maximumSize", "maximumWeight", "expireAfterAccess", "recordStats")
        .doesNotContainAnyElementsOf(
            CommonOptions.ALL.stream().map(Option::name).collect(Collectors.toList()));
    assertThat(provider.options())
        .allSatisfy(option -> assertThat(option.help()).isNotBlank().doesNotContain("\n"));
    assertThat(provider.options()).isSameAs(provider.options());
  }

  @Test
  void describeShowsTheDefaultBoundAndTheWeightOverhead() {
    String described = registry.describe();

    assertThat(described)
        .contains("caffeine: in-process tier on Caffeine")
        .contains("maximumSize (integer, default 10000): the most entries this tier holds")
        .contains("maximumWeight (size, default none): the most bytes this tier holds, each"
            + " entry weighing its value's encoded size plus 64 bytes")
        .contains("expireAfterAccess (duration, default none): drops an entry not read")
        .contains("recordStats (boolean, default false)");
  }

  @Test
  void misspeltOptionGetsADidYouMean() {
    assertThatThrownBy(() -> registry.checkTier("caffeine://?maximumsize=10"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining(
            "'maximumsize' is not an option of scheme 'caffeine' (did you mean 'maximumSize'?)");
  }

  @Test
  void badValuesNameTheOptionAndTheExpectedForm() {
    assertThat(problemsOf("caffeine://?maximumSize=0&expireAfterAccess=0s&recordStats=yes"))
        .containsExactly(
            "maximumSize was '0' but must be an integer from 1 to 9223372036854775807",
            "expireAfterAccess was '0s' but must be a duration above zero, like '5m'",
            "recordStats was 'yes' but must be 'true' or 'false'");
  }

  // ---------------------------------------------------------------------------------------------
  // check(...)

  @Test
  void plainCaffeineUrisAreValid() {
    assertThat(registry.checkTier("caffeine://").name()).isEqualTo("L1-caffeine");
    assertThat(registry.checkTier("caffeine://?maximumSize=10000&ttl=5m").name())
        .isEqualTo("L1-caffeine");
    assertThat(registry.checkTier("caffeine://?maximumWeight=64MB&expireAfterAccess=10m").uri())
        .hasToString("caffeine://?maximumWeight=64MB&expireAfterAccess=10m");
  }

  @Test
  void opaqueUriIsAProblem() {
    assertThat(problemsOf("caffeine:heap?maximumSize=10"))
        .containsExactly("has no '//' after 'caffeine:' (found 'caffeine:heap'); " + FORM);
  }

  @Test
  void hostIsAProblem() {
    assertThat(problemsOf("caffeine://localhost:6379?maximumSize=10"))
        .containsExactly(
            "has host 'localhost:6379', but a caffeine tier takes none (it lives in this"
                + " process); " + FORM);
    assertThat(problemsOf("caffeine://h1,h2:7000"))
        .containsExactly(
            "has hosts 'h1,h2:7000', but a caffeine tier takes none (it lives in this process); "
                + FORM);
  }

  @Test
  void userInformationIsAProblemAndIsNotShown() {
    InvalidTierUriException thrown = invalid("caffeine://admin:hunter2@");

    assertThat(thrown.problems())
        .containsExactly(
            "has user information, but a caffeine tier takes none (it lives in this process); "
                + FORM);
    assertThat(thrown).message().doesNotContain("hunter2");
  }

  @Test
  void pathIsAProblem() {
    assertThat(problemsOf("caffeine:///cache"))
        .containsExactly("has path '/cache', but a caffeine tier takes none; " + FORM);
  }

  @Test
  void bothBoundsTogetherAreAProblemNamingBoth() {
    assertThat(problemsOf("caffeine://?maximumSize=10&maximumWeight=1MB"))
        .containsExactly(
            "maximumSize and maximumWeight are both given, but a caffeine tier is bounded by one"
                + " of them; keep maximumSize (entries) or maximumWeight (bytes)");
  }

  @Test
  void weightThatHoldsNoEntryIsAProblem() {
    assertThat(problemsOf("caffeine://?maximumWeight=64"))
        .containsExactly(
            "maximumWeight was '64' but must be more than 64 bytes, the weight of an entry whose"
                + " value is empty");
    assertThat(registry.checkTier("caffeine://?maximumWeight=65").name()).isEqualTo("L1-caffeine");
  }

  @Test
  void everyProblemOfAUriIsReportedAtOnce() {
    InvalidTierUriException thrown =
        invalid("caffeine://u:secret@host/path?maximumSize=1&maximumWeight=1KB");

    assertThat(thrown.problems())
        .containsExactly(
            "has user information, but a caffeine tier takes none (it lives in this process); "
                + FORM,
            "has host 'host', but a caffeine tier takes none (it lives in this process); " + FORM,
            "has path '/path', but a caffeine tier takes none; " + FORM,
            "maximumSize and maximumWeight are both given, but a caffeine tier is bounded by one"
                + " of them; keep maximumSize (entries) or maximumWeight (bytes)");
    assertThat(thrown).message().startsWith("Invalid tier 'caffeine://u:****@host/path?");
    assertThat(thrown).message().doesNotContain("secret");
  }

  @Test
  void createRefusesWhatCheckRefusesWhenTheRegistryIsBypassed() {
    CaffeineBackendProvider provider = new CaffeineBackendProvider();
    TierUri uri = TierUri.parse("caffeine://localhost?maximumSize=1&maximumWeight=1KB");
    TierOptions options = TierOptions.checkOrThrow(uri, allOptions(provider));
    BackendContext<String> context =
        BackendContext.builder("L1-caffeine", options, ValueCodec.utf8()).build();

    assertThatThrownBy(() -> provider.create(context))
        .isInstanceOf(InvalidTierUriException.class)
        .extracting(e -> ((InvalidTierUriException) e).problems(), LIST)
        .hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Capabilities

  @Test
  void unboundedUriGetsTheDefaultMaximumSize() {
    BackendCapabilities capabilities =
        Tiers.open("caffeine://", new ManualClock()).capabilities();

    assertThat(capabilities)
        .isEqualTo(
            new BackendCapabilities(
                false, true, false, false, true, true, Long.MAX_VALUE,
                CaffeineBackendProvider.DEFAULT_MAXIMUM_SIZE));
  }

  @Test
  void sizeBoundIsTheMaximumEntries() {
    assertThat(Tiers.open("caffeine://?maximumSize=123", new ManualClock()).capabilities())
        .satisfies(
            capabilities -> {
              assertThat(capabilities.maximumEntries()).isEqualTo(123);
              assertThat(capabilities.maxEntryBytes()).isEqualTo(Long.MAX_VALUE);
            });
  }

  @Test
  void weightBoundSetsTheLargestEntryAndNoCount() {
    BackendCapabilities capabilities =
        Tiers.open("caffeine://?maximumWeight=1KB", new ManualClock()).capabilities();

    assertThat(capabilities.maximumEntries()).isEqualTo(-1);
    assertThat(capabilities.maxEntryBytes())
        .isEqualTo(1024 - CaffeineBackendProvider.ENTRY_OVERHEAD_BYTES);
    assertThat(capabilities.shared()).isFalse();
    assertThat(capabilities.storesBytes()).isFalse();
    assertThat(capabilities.admitsByFrequency()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  private static List<Option<?>> allOptions(BackendProvider provider) {
    List<Option<?>> all = new ArrayList<>(provider.options());
    all.addAll(CommonOptions.ALL);
    return all;
  }

  private InvalidTierUriException invalid(String uri) {
    try {
      registry.checkTier(uri);
    } catch (InvalidTierUriException e) {
      return e;
    }
    throw new AssertionError("expected '" + uri + "' to be invalid");
  }

  private List<String> problemsOf(String uri) {
    return invalid(uri).problems();
  }
}
