package io.tiercache.backend.hazelcast;

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
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HazelcastBackendProviderTest {

  private static final String CLIENT_FORM =
      "'hazelcast://host:5701[,host:5701...]/mapName?cluster=dev'";
  private static final String EMBEDDED_FORM =
      "'hazelcast-embedded:mapName[?members=host:5701,...]'";

  private final BackendRegistry registry = BackendRegistry.load();

  // ---------------------------------------------------------------------------------------------
  // Discovery

  @Test
  void registryDiscoversBothSchemes() {
    assertThat(registry.schemes()).contains("hazelcast", "hazelcast-embedded");
    assertThat(registry.provider("hazelcast")).get().isInstanceOf(HazelcastBackendProvider.class);
    assertThat(registry.provider("HAZELCAST-EMBEDDED"))
        .get()
        .isInstanceOf(HazelcastBackendProvider.class);
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void serviceLoaderFindsTheProviderThroughMetaInfServices() {
    List<String> found =
        ServiceLoader.load(BackendProvider.class).stream()
            .map(provider -> provider.type().getName())
            .collect(Collectors.toList());

    assertThat(found).contains(HazelcastBackendProvider.class.getName());
  }

  @Test
  void moduleDescriptorProvidesTheBackendAndExportsNothing() throws Exception {
    Path classes =
        Path.of(
            HazelcastBackendProvider.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());

    ModuleDescriptor module =
        ModuleFinder.of(classes).find("io.tiercache.backend.hazelcast").orElseThrow()
            .descriptor();

    assertThat(module.provides())
        .singleElement()
        .satisfies(
            provides -> {
              assertThat(provides.service()).isEqualTo(BackendProvider.class.getName());
              assertThat(provides.providers())
                  .containsExactly(HazelcastBackendProvider.class.getName());
            });
    assertThat(module.exports()).isEmpty();
    assertThat(module.requires().stream().map(ModuleDescriptor.Requires::name))
        .contains("io.tiercache.api", "com.hazelcast.core");
  }

  // ---------------------------------------------------------------------------------------------
  // Options

  @Test
  void declaresItsOptionsEachWithOneLineOfHelp() {
    HazelcastBackendProvider provider = new HazelcastBackendProvider();

    assertThat(provider.schemes()).containsExactlyInAnyOrder("hazelcast", "hazelcast-embedded");
    assertThat(provider.options())
        .extracting(Option::name)
        .containsExactly(
            "cluster",
            "members",
            "port",
            "address",
            "lite",
            "backupCount",
            "connectTimeout",
            "invocationTimeout",
            "instance")
        .doesNotContainAnyElementsOf(
            CommonOptions.ALL.stream().map(Option::name).collect(Collectors.toList()));
    assertThat(provider.options())
        .allSatisfy(option -> assertThat(option.help()).isNotBlank().doesNotContain("\n"));
    assertThat(provider.options()).isSameAs(provider.options());
    assertThat(provider.description()).contains("Hazelcast IMap");
  }

  @Test
  void describeShowsBothSchemesAndTheDefaults() {
    assertThat(registry.describe())
        .contains("hazelcast, hazelcast-embedded: shared tier on a Hazelcast IMap")
        .contains("cluster (name, default dev)")
        .contains("connectTimeout (duration, default 10s)")
        .contains("backupCount (integer, default none)")
        .contains("instance (name, default default)");
  }

  @Test
  void misspeltOptionGetsADidYouMean() {
    assertThatThrownBy(() -> registry.checkTier("hazelcast://h1/products?backupcount=1"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining(
            "'backupcount' is not an option of scheme 'hazelcast' (did you mean"
                + " 'backupCount'?)");
  }

  @Test
  void badValuesNameTheOptionAndTheExpectedForm() {
    assertThat(
            problemsOf(
                "hazelcast-embedded:products?backupCount=7&connectTimeout=0s&members=h1:99999"
                    + "&address=localhost&lite=yes&cluster=a;b"))
        .containsExactly(
            "backupCount was '7' but must be an integer from 0 to 6",
            "connectTimeout was '0s' but must be a duration above zero, like '5m'",
            "members was 'h1:99999' but must be a list of host[:port] separated by ',', such as"
                + " '10.0.0.1:5701,10.0.0.2:5701'",
            "address was 'localhost' but must be an IP address of this machine, such as"
                + " '127.0.0.1', or a pattern such as '10.0.1.*'",
            "lite was 'yes' but must be 'true' or 'false'",
            "cluster was 'a;b' but must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
  }

  // ---------------------------------------------------------------------------------------------
  // check(...): the client scheme

  @Test
  void clientUrisOfEveryDocumentedShapeAreValid() {
    assertThat(registry.checkTier("hazelcast://hz1.internal:5701/products?cluster=prod").name())
        .isEqualTo("L1-hazelcast");
    assertThat(registry.checkTier("hazelcast://h1,h2:5702,[::1]:5703/products").uri().hosts())
        .hasSize(3);
    assertThat(
            registry
                .checkTier(
                    "hazelcast://app:s3cret@h1/products?invocationTimeout=5s&backupCount=2"
                        + "&connectTimeout=1s&instance=other&ttl=1h")
                .uri()
                .toString())
        .isEqualTo(
            "hazelcast://app:****@h1/products?invocationTimeout=5s&backupCount=2"
                + "&connectTimeout=1s&instance=other&ttl=1h");
  }

  @Test
  void clientWithoutSlashesIsAProblemPointingAtTheEmbeddedScheme() {
    assertThat(problemsOf("hazelcast:products"))
        .containsExactly(
            "has no '//' after 'hazelcast:' (found 'hazelcast:products'); a client names its"
                + " members and its map, in the form " + CLIENT_FORM + " (for a member in this"
                + " JVM use 'hazelcast-embedded:products')");
  }

  @Test
  void clientWithoutHostOrMapIsAProblem() {
    assertThat(problemsOf("hazelcast:///products"))
        .containsExactly("names no member to connect to; expected the form " + CLIENT_FORM);
    assertThat(problemsOf("hazelcast://h1:5701"))
        .containsExactly("names no map; expected the form " + CLIENT_FORM);
    assertThat(problemsOf("hazelcast://h1:5701/"))
        .containsExactly("names no map; expected the form " + CLIENT_FORM);
  }

  @Test
  void clientWithAPathOfManySegmentsIsAProblem() {
    assertThat(problemsOf("hazelcast://h1/products/eu"))
        .containsExactly(
            "map name 'products/eu' is not valid; a map name is 1 to 128 letters, digits, '.',"
                + " '_', ':' or '-', starting with a letter or a digit, in the form "
                + CLIENT_FORM);
  }

  @Test
  void passwordWithoutUserIsAProblemAndIsNotShown() {
    InvalidTierUriException thrown = invalid("hazelcast://:hunter2@h1/products");

    assertThat(thrown.problems())
        .containsExactly(
            "has a password but no user name; Hazelcast credentials are written"
                + " 'user:password@' before the hosts");
    assertThat(thrown).message().doesNotContain("hunter2");
  }

  @Test
  void embeddedOnlyOptionsOnAClientAreProblemsThatSayWhatToDo() {
    assertThat(
            problemsOf("hazelcast://h1/products?members=h2&port=5702&address=10.0.0.1&lite=true"))
        .containsExactly(
            "'members' applies to scheme 'hazelcast-embedded' only; a client lists the members it"
                + " connects to as hosts, as in"
                + " 'hazelcast://10.0.0.1:5701,10.0.0.2:5701/products'",
            "'port' applies to scheme 'hazelcast-embedded' only; a client gives each member's"
                + " port in its host, as in 'hazelcast://10.0.0.1:5702/products'",
            "'address' applies to scheme 'hazelcast-embedded' only; a client starts no member;"
                + " use scheme 'hazelcast-embedded' for a member in this JVM",
            "'lite' applies to scheme 'hazelcast-embedded' only; a client starts no member; use"
                + " scheme 'hazelcast-embedded' for a member in this JVM");
  }

  // ---------------------------------------------------------------------------------------------
  // check(...): the embedded scheme

  @Test
  void embeddedUrisOfEveryDocumentedShapeAreValid() {
    assertThat(registry.checkTier("hazelcast-embedded:products").name())
        .isEqualTo("L1-hazelcast-embedded");
    assertThat(
            registry
                .checkTier(
                    "hazelcast-embedded:products?cluster=prod&members=10.0.1.7:5701,10.0.1.8"
                        + "&port=5701&address=10.0.1.*&lite=true&backupCount=0&instance=x")
                .options()
                .toString())
        .contains("port=5701", "lite=true", "backupCount=0");
  }

  @Test
  void embeddedWithAnAuthorityIsAProblemWithoutItsCredentials() {
    InvalidTierUriException thrown = invalid("hazelcast-embedded://u:pw12345@h1:5701/products");

    assertThat(thrown.problems())
        .containsExactly(
            "has an authority ('hazelcast-embedded://****@h1:5701'), but an embedded member takes"
                + " none: name the map after the colon and list the members to join with"
                + " 'members', in the form " + EMBEDDED_FORM);
    assertThat(thrown).message().doesNotContain("pw12345");
  }

  @Test
  void embeddedWithoutMapOrWithABadOneIsAProblem() {
    assertThat(problemsOf("hazelcast-embedded:?cluster=dev"))
        .containsExactly("names no map; expected the form " + EMBEDDED_FORM);
    assertThat(problemsOf("hazelcast-embedded:__internal"))
        .containsExactly(
            "map name '__internal' is not valid; a map name is 1 to 128 letters, digits, '.',"
                + " '_', ':' or '-', starting with a letter or a digit, in the form "
                + EMBEDDED_FORM);
  }

  @Test
  void clientOnlyOptionOnAnEmbeddedMemberIsAProblem() {
    assertThat(problemsOf("hazelcast-embedded:products?invocationTimeout=5s"))
        .containsExactly(
            "'invocationTimeout' applies to scheme 'hazelcast' (a client) only; an embedded"
                + " member is part of the cluster and needs no retries to reach it");
  }

  @Test
  void everyProblemOfAUriIsReportedAtOnce() {
    InvalidTierUriException thrown =
        invalid("hazelcast://:secret1@h1/a/b?members=h2&backupCount=9&bogus=1");

    assertThat(thrown.problems()).hasSize(5);
    assertThat(thrown).message()
        .startsWith("Invalid tier 'hazelcast://:****@h1/a/b?")
        .contains("'bogus' is not an option of scheme 'hazelcast'")
        .contains("backupCount was '9'")
        .contains("map name 'a/b' is not valid")
        .contains("has a password but no user name")
        .contains("'members' applies to scheme 'hazelcast-embedded' only")
        .doesNotContain("secret1");
  }

  @Test
  void createRefusesWhatCheckRefusesWhenTheRegistryIsBypassed() {
    HazelcastBackendProvider provider = new HazelcastBackendProvider();
    TierUri uri = TierUri.parse("hazelcast-embedded://h1/products?invocationTimeout=1s");
    TierOptions options = TierOptions.checkOrThrow(uri, allOptions(provider));
    BackendContext<String> context =
        BackendContext.builder("L2-hazelcast", options, ValueCodec.utf8()).build();

    assertThatThrownBy(() -> provider.create(context))
        .isInstanceOf(InvalidTierUriException.class)
        .extracting(e -> ((InvalidTierUriException) e).problems(), LIST)
        .hasSize(1);
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
    throw new AssertionError("expected '" + uri + "' to be refused");
  }

  private List<String> problemsOf(String uri) {
    return invalid(uri).problems();
  }
}
