package io.tiercache.backend.ehcache;

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
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.ManualClock;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EhcacheBackendProviderTest {

  private static final String FORM =
      "expected 'ehcache:heap?entries=10000', or a folder for a disk store as in"
          + " 'ehcache:/var/cache/app?disk=512MB'";

  private final BackendRegistry registry = BackendRegistry.load();

  // ---------------------------------------------------------------------------------------------
  // Discovery

  @Test
  void registryDiscoversTheEhcacheScheme() {
    assertThat(registry.schemes()).contains("ehcache");
    assertThat(registry.provider("ehcache")).get().isInstanceOf(EhcacheBackendProvider.class);
    assertThat(registry.provider("EHCACHE")).get().isInstanceOf(EhcacheBackendProvider.class);
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void serviceLoaderFindsTheProviderThroughMetaInfServices() {
    List<String> found =
        ServiceLoader.load(BackendProvider.class).stream()
            .map(provider -> provider.type().getName())
            .collect(Collectors.toList());

    assertThat(found).contains(EhcacheBackendProvider.class.getName());
  }

  @Test
  void moduleDescriptorProvidesTheBackendRequiresEhcacheAndExportsNothing() throws Exception {
    Path classes =
        Path.of(
            EhcacheBackendProvider.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());

    ModuleDescriptor module =
        ModuleFinder.of(classes).find("io.tiercache.backend.ehcache").orElseThrow().descriptor();

    assertThat(module.provides())
        .singleElement()
        .satisfies(
            provides -> {
              assertThat(provides.service()).isEqualTo(BackendProvider.class.getName());
              assertThat(provides.providers())
                  .containsExactly(EhcacheBackendProvider.class.getName());
            });
    assertThat(module.exports()).isEmpty();
    assertThat(module.requires().stream().map(ModuleDescriptor.Requires::name))
        .contains("io.tiercache.api", "ehcache");
  }

  @Test
  void ehcacheJarIsTheAutomaticModuleNamedEhcache() throws Exception {
    Path jar =
        Path.of(org.ehcache.CacheManager.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI());

    ModuleDescriptor ehcache =
        ModuleFinder.of(jar).findAll().iterator().next().descriptor();

    assertThat(ehcache.name()).isEqualTo("ehcache");
    assertThat(ehcache.isAutomatic()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Options

  @Test
  void declaresItsOptionsEachWithOneLineOfHelp() {
    EhcacheBackendProvider provider = new EhcacheBackendProvider();

    assertThat(provider.schemes()).containsExactly("ehcache");
    assertThat(provider.options())
        .extracting(Option::name)
        .containsExactly("entries", "offheap", "disk", "persistent")
        .doesNotContainAnyElementsOf(
            CommonOptions.ALL.stream().map(Option::name).collect(Collectors.toList()));
    assertThat(provider.options())
        .allSatisfy(option -> assertThat(option.help()).isNotBlank().doesNotContain("\n"));
    assertThat(provider.options()).isSameAs(provider.options());
  }

  @Test
  void describeShowsEveryOptionWithItsDefault() {
    assertThat(registry.describe())
        .contains("ehcache: in-process tier on Ehcache 3")
        .contains("entries (integer, default 10000): the most entries the heap tier holds")
        .contains("offheap (size, default none): adds an off-heap tier of this size, at least 1MB")
        .contains("disk (size, default none): adds a disk tier of this size in the folder")
        .contains("persistent (boolean, default false): keeps the disk tier's entries");
  }

  @Test
  void theUrisOfTheDesignAreValid() {
    assertThat(registry.checkTier("ehcache:heap?entries=10000").name()).isEqualTo("L1-ehcache");
    assertThat(
            registry.checkTier("ehcache:/var/cache/app?disk=512MB&offheap=64MB&persistent=true")
                .options()
                .get(EhcacheBackendProvider.PERSISTENT))
        .isTrue();
    assertThat(registry.check("caffeine://?maximumSize=10000 | ehcache:/var/cache/app?disk=1GB"))
        .hasSize(2);
    assertThat(registry.checkTier("ehcache:heap?offheap=1MB&ttl=5m").name())
        .isEqualTo("L1-ehcache");
    assertThat(registry.checkTier("ehcache:cache/relative?disk=1MB").name())
        .isEqualTo("L1-ehcache");
  }

  @Test
  void misspeltOptionGetsADidYouMean() {
    assertThatThrownBy(() -> registry.checkTier("ehcache:heap?entrie=10"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining(
            "'entrie' is not an option of scheme 'ehcache' (did you mean 'entries'?)");
  }

  @Test
  void badValuesNameTheOptionAndTheExpectedForm() {
    assertThat(problemsOf("ehcache:heap?entries=0&offheap=lots&persistent=yes"))
        .containsExactly(
            "entries was '0' but must be an integer from 1 to 2147483647",
            "offheap was 'lots' but must be <number> or <number>(KB|MB|GB) like '256KB'",
            "persistent was 'yes' but must be 'true' or 'false'");
  }

  // ---------------------------------------------------------------------------------------------
  // check(...)

  @Test
  void hostFormIsAProblemWithADidYouMeanForAFolder() {
    assertThat(problemsOf("ehcache:///var/cache/app?disk=1GB"))
        .containsExactly(
            "has '//' after 'ehcache:', but an ehcache tier takes no host (did you mean"
                + " 'ehcache:/var/cache/app'?); " + FORM);
    assertThat(problemsOf("ehcache://localhost/app"))
        .containsExactly("has '//' after 'ehcache:', but an ehcache tier takes no host; " + FORM);
  }

  @Test
  void missingLocationIsAProblem() {
    assertThat(problemsOf("ehcache:?entries=10"))
        .containsExactly(
            "has no location after 'ehcache:'; expected 'heap' for a tier in memory only, as in"
                + " 'ehcache:heap?entries=10000', or the folder of a disk store, as in"
                + " 'ehcache:/var/cache/app?disk=512MB'");
  }

  @Test
  void folderWithoutDiskIsAProblemNamingBoth() {
    assertThat(problemsOf("ehcache:/var/cache/app?offheap=64MB"))
        .containsExactly(
            "the location '/var/cache/app' is a folder, but disk is not given: a folder holds a"
                + " disk tier; add disk=<size> such as disk=512MB, or write 'ehcache:heap' for a"
                + " tier in memory only");
  }

  @Test
  void diskAtHeapIsAProblemNamingBoth() {
    assertThat(problemsOf("ehcache:heap?disk=512MB"))
        .containsExactly(
            "disk was '512MB' but the location is 'heap': a disk tier needs a folder; write the"
                + " folder in place of 'heap', as in 'ehcache:/var/cache/app?disk=512MB'");
  }

  @Test
  void persistentWithoutDiskIsAProblemNamingBoth() {
    assertThat(problemsOf("ehcache:heap?persistent=true"))
        .containsExactly(
            "persistent=true needs a disk tier, but disk is not given; add disk=<size> and a"
                + " folder, as in 'ehcache:/var/cache/app?disk=512MB&persistent=true'");
    assertThat(registry.checkTier("ehcache:heap?persistent=false").name())
        .isEqualTo("L1-ehcache");
  }

  @Test
  void locationThatIsNoPathIsAProblem() {
    assertThat(problemsOf("ehcache:/var/ca%00che?disk=1MB"))
        .singleElement()
        .asString()
        .startsWith("the location '/var/ca\u0000che' is not a valid folder here: ");
  }

  @Test
  void relativeFolderIsResolvedAgainstTheWorkingDirectory() {
    TierOptions options = registry.checkTier("ehcache:cache/app?disk=1MB").options();

    StoreLayout layout = StoreLayout.of(options.uri(), options);

    assertThat(layout.folder()).isEqualTo(Path.of("cache/app").toAbsolutePath());
    assertThat(layout.persistent()).isFalse();
    assertThat(layout.heapEntries()).isEqualTo(EhcacheBackendProvider.DEFAULT_ENTRIES);
    assertThat(layout.offheapBytes()).isEqualTo(-1);
    assertThat(layout.diskBytes()).isEqualTo(1L << 20);
  }

  @Test
  void offheapBelowOneMegabyteIsAProblem() {
    assertThat(problemsOf("ehcache:heap?offheap=1023KB"))
        .containsExactly(
            "offheap was '1023KB' but must be at least 1MB, the smallest off-heap tier Ehcache"
                + " makes");
  }

  @Test
  void offheapNotSmallerThanDiskIsAProblemNamingBoth() {
    String problem =
        "offheap ('64MB') must be smaller than disk ('%s'): Ehcache keeps every entry on disk"
            + " and the most used also off-heap, so each tier must be larger than the one above"
            + " it";
    assertThat(problemsOf("ehcache:/c?offheap=64MB&disk=64MB"))
        .containsExactly(String.format(problem, "64MB"));
    assertThat(problemsOf("ehcache:/c?offheap=64MB&disk=32MB"))
        .containsExactly(String.format(problem, "32MB"));
    assertThat(registry.checkTier("ehcache:/c?offheap=64MB&disk=65MB").name())
        .isEqualTo("L1-ehcache");
  }

  @Test
  void everyProblemOfAUriIsReportedAtOnce() {
    InvalidTierUriException thrown =
        invalid("ehcache:heap?offheap=512KB&disk=256KB&persistent=true&entrys=5");

    assertThat(thrown.problems())
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("'entrys' is not an option"))
        .anySatisfy(p -> assertThat(p).startsWith("disk was '256KB' but the location is 'heap'"))
        .anySatisfy(p -> assertThat(p).startsWith("offheap was '512KB' but must be at least 1MB"))
        .anySatisfy(p -> assertThat(p).startsWith("offheap ('512KB') must be smaller than disk"));
    assertThat(thrown).message().startsWith("Invalid tier 'ehcache:heap?offheap=512KB");
  }

  @Test
  void createRefusesWhatCheckRefusesWhenTheRegistryIsBypassed() {
    EhcacheBackendProvider provider = new EhcacheBackendProvider();
    TierUri uri = TierUri.parse("ehcache:/var/cache/app?persistent=true");
    TierOptions options = TierOptions.checkOrThrow(uri, allOptions(provider));
    BackendContext<String> context =
        BackendContext.builder("L1-ehcache", options, ValueCodec.utf8()).build();

    assertThatThrownBy(() -> provider.create(context))
        .isInstanceOf(InvalidTierUriException.class)
        .extracting(e -> ((InvalidTierUriException) e).problems(), LIST)
        .hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Capabilities

  @Test
  void heapTierStoresReferencesAndIsBoundedByEntries() {
    try (EhcacheBackend<String> tier = Tiers.open("ehcache:heap", new ManualClock())) {
      assertThat(tier).isInstanceOf(LocalCacheBackend.class);
      assertThat(tier.capabilities())
          .isEqualTo(
              new BackendCapabilities(
                  false, true, false, false, true, false, Long.MAX_VALUE,
                  EhcacheBackendProvider.DEFAULT_ENTRIES));
    }
    try (EhcacheBackend<String> tier = Tiers.open("ehcache:heap?entries=123", new ManualClock())) {
      assertThat(tier.capabilities().maximumEntries()).isEqualTo(123);
    }
  }

  @Test
  void offheapTierStoresBytesAndBoundsEntrySize() {
    try (EhcacheBackend<String> tier =
        Tiers.open("ehcache:heap?entries=10&offheap=8MB", new ManualClock())) {
      assertThat(tier.capabilities())
          .isEqualTo(
              new BackendCapabilities(
                  false, true, false, true, true, false, (8L << 20) / 8, -1));
    }
  }

  @Test
  void persistentDiskTierIsPersistentAndBoundsEntrySizeByTheDisk(@TempDir Path folder) {
    try (EhcacheBackend<String> tier =
        Tiers.open(Tiers.persistentDisk(folder), new ManualClock())) {
      assertThat(tier.capabilities())
          .isEqualTo(
              new BackendCapabilities(
                  false, true, true, true, true, false, (32L << 20) / 8, -1));
      assertThat(tier.layout().folder()).isEqualTo(folder.toAbsolutePath().normalize());
    }
    String notPersistent =
        "ehcache:" + folder.resolve("other").toUri().getRawPath() + "?disk=16MB&persistent=false";
    try (EhcacheBackend<String> tier = Tiers.open(notPersistent, new ManualClock())) {
      assertThat(tier.capabilities().persistent()).isFalse();
      assertThat(tier.capabilities().storesBytes()).isTrue();
    }
  }

  @Test
  void toStringShowsTheLayoutAndNoSecret(@TempDir Path folder) {
    EhcacheBackend<String> tier =
        Tiers.open(Tiers.persistentDisk(folder) + "&name=products", new ManualClock());
    assertThat(tier.name()).isEqualTo("products");
    assertThat(tier.toString())
        .startsWith("EhcacheBackend[products, ")
        .contains("heap=100 entries, offheap=4194304 bytes, disk=33554432 bytes in '")
        .contains("(persistent)");
    tier.close();
    assertThat(tier.toString()).endsWith(", closed]");
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
