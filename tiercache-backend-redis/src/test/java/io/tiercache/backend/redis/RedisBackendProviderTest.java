package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.tiercache.BackendRegistry;
import io.tiercache.TierSpec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's options and checks, and the Lettuce URIs built from checked tiers. */
class RedisBackendProviderTest {

  private final BackendRegistry registry = BackendRegistry.load();

  private TierSpec check(String uri) {
    return registry.checkTier(uri);
  }

  private List<String> problems(String uri) {
    try {
      registry.checkTier(uri);
    } catch (InvalidTierUriException e) {
      return e.problems();
    }
    throw new AssertionError("expected " + uri + " to be rejected");
  }

  private static io.lettuce.core.RedisCredentials creds(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  private RedisSettings settings(String uri) {
    TierSpec spec = check(uri);
    return RedisSettings.of(spec.uri(), spec.options());
  }

  @Test
  void servesTheFourSchemesThroughServiceLoader() {
    assertThat(registry.provider("redis")).containsInstanceOf(RedisBackendProvider.class);
    assertThat(new RedisBackendProvider().schemes())
        .containsExactlyInAnyOrder("redis", "rediss", "redis-sentinel", "redis-cluster");
    for (String scheme : List.of("rediss", "redis-sentinel", "redis-cluster", "REDIS")) {
      assertThat(registry.provider(scheme)).as(scheme).isPresent();
    }
  }

  @Test
  void declaresDocumentedOptionsThatDoNotRedeclareCommonOnesAndMasksSecrets() {
    List<Option<?>> options = new RedisBackendProvider().options();
    Set<String> common =
        CommonOptions.ALL.stream().map(Option::name).collect(Collectors.toSet());
    assertThat(options).allSatisfy(option -> {
      assertThat(common).doesNotContain(option.name());
      assertThat(option.help()).isNotBlank();
    });
    assertThat(options.stream().filter(Option::secret).map(Option::name))
        .containsExactlyInAnyOrder("sentinelPassword", "trustStorePassword", "keyStorePassword");
    assertThat(registry.describe()).contains("keyPrefix (prefix, default tiercache:)")
        .contains("coherence (pubsub|tracking|none, default pubsub)");
  }

  @Test
  void acceptsTheUsualShapes() {
    check("redis://127.0.0.1:6379/0");
    check("redis://localhost");
    check("redis://:secret@localhost:6379/3?keyPrefix=shop:&timeout=200ms&coherence=tracking");
    check("redis://user:secret@[::1]:6380/");
    check("redis-sentinel://h1:26379,h2/0?masterId=mymaster&sentinelPassword=s3");
    check("redis-cluster://h1:7000,h2:7001,h3:7002?shards=4&keyPrefix=app:");
    check("redis-cluster://h1:7000/0");
    check("rediss://cache.internal:6380/0?verifyPeer=ca");
  }

  @Test
  void rejectsUnknownAndMisspeltOptionsNamingTheNearestAndMaskingThePassword() {
    assertThatThrownBy(() -> check("redis://:hunter22@localhost/0?keyprefix=a:&timeout=5x"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining("'keyprefix' is not an option of scheme 'redis' (did you mean"
            + " 'keyPrefix'?)")
        .hasMessageContaining("timeout was '5x'")
        .hasMessageContaining("redis://:****@localhost/0")
        .hasMessageNotContaining("hunter22");
  }

  @Test
  void reportsEveryShapeProblemAtOnce() {
    assertThat(problems("redis://h1:1,h2:2/0")).singleElement().asString()
        .contains("names 2 hosts").contains("redis-sentinel://").contains("redis-cluster://");
    assertThat(problems("redis:///0")).singleElement().asString().contains("names no host");
    assertThat(problems("redis:localhost")).singleElement().asString().contains("no '//'");
    assertThat(problems("redis://h/x")).singleElement().asString()
        .contains("database was '/x'").contains("'/0'");
    assertThat(problems("redis://h/0/1")).singleElement().asString().contains("database was");
    assertThat(problems("redis://h/99999999999")).singleElement().asString()
        .contains("database was");
    assertThat(problems("redis-cluster://h1,h2/2")).singleElement().asString()
        .contains("only database 0");
    assertThat(problems("redis://user:@h/0")).singleElement().asString()
        .contains("empty password");
    assertThat(problems("redis-sentinel://h1:26379/0")).singleElement().asString()
        .contains("masterId is required");
    assertThat(problems("redis://h/0?masterId=m&sentinelPassword=xyzw&shards=2"))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("masterId").contains("redis-sentinel://"))
        .anySatisfy(p -> assertThat(p).contains("sentinelPassword"))
        .anySatisfy(p -> assertThat(p).contains("shards").contains("redis-cluster://"))
        .noneSatisfy(p -> assertThat(p).contains("xyzw"));
    assertThat(problems("redis://h/0?verifyPeer=none&trustStorePassword=pw12"))
        .anySatisfy(p -> assertThat(p).contains("verifyPeer").contains("rediss://"))
        .anySatisfy(p -> assertThat(p).contains("trustStorePassword").contains("rediss://"))
        .noneSatisfy(p -> assertThat(p).contains("pw12"));
    assertThat(problems("redis-cluster://h1?coherence=tracking")).singleElement().asString()
        .contains("coherence=pubsub");
    assertThat(problems("redis-cluster://h1?keyPrefix=%7Bapp%7D:")).singleElement().asString()
        .contains("'{' or '}'").contains("shards=1");
    assertThat(problems("redis://h/0?shards=0")).singleElement().asString()
        .contains("shards was '0'");
    assertThat(problems("redis://h/0?coherence=gossip")).singleElement().asString()
        .contains("one of 'pubsub', 'tracking', 'none'");
    assertThat(problems("redis://h/0?keyPrefix=" + "x".repeat(300))).singleElement()
        .asString().contains("1 to 256 characters");
    assertThat(problems("redis://h/0?keyPrefix=a%0Ab")).singleElement().asString()
        .contains("control characters");
  }

  @Test
  void checksTrustAndKeyStoresAreReadableFiles(@TempDir Path dir) throws IOException {
    Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    check("rediss://h/0?trustStore=" + pem);
    assertThat(problems("rediss://h/0?trustStore=" + dir.resolve("missing.pem")))
        .singleElement().asString().contains("trustStore was").contains("readable file");
    assertThat(problems("rediss://h/0?keyStorePassword=kspw"))
        .anySatisfy(p -> assertThat(p).contains("keyStorePassword is given without keyStore"))
        .noneSatisfy(p -> assertThat(p).contains("kspw"));
    check("rediss://h/0?trustStorePassword=x&trustStore=" + pem);
  }

  @Test
  void buildsTheLettuceUriFromTheCheckedParts() {
    RedisSettings standalone =
        settings("redis://app:p%40ss@10.0.0.5:6380/4?clientName=orders&timeout=250ms"
            + "&connectTimeout=3s&keyPrefix=o:");
    RedisURI uri = standalone.redisUri();
    assertThat(uri.getHost()).isEqualTo("10.0.0.5");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(4);
    assertThat(uri.getClientName()).isEqualTo("orders");
    assertThat(uri.isSsl()).isFalse();
    assertThat(creds(uri).getUsername()).isEqualTo("app");
    assertThat(new String(creds(uri).getPassword())).isEqualTo("p@ss");
    assertThat(uri.getTimeout()).as("the handshake's timeout").isEqualTo(Duration.ofSeconds(3));
    assertThat(standalone.commandTimeout).isEqualTo(Duration.ofMillis(250));
    assertThat(standalone.layout.prefix()).isEqualTo("o:");
    assertThat(standalone.coherence).isEqualTo(Coherence.PUBSUB);
    assertThat(standalone.toString()).contains("redis://app:****@10.0.0.5:6380/4")
        .doesNotContain("p@ss").doesNotContain("p%40ss");

    RedisURI passwordOnly = settings("redis://:only-pass@h").redisUri();
    assertThat(creds(passwordOnly).getUsername()).isNull();
    assertThat(new String(creds(passwordOnly).getPassword())).isEqualTo("only-pass");
    assertThat(passwordOnly.getPort()).isEqualTo(6379);
    assertThat(passwordOnly.getDatabase()).isZero();
    assertThat(passwordOnly.getClientName()).isEqualTo("tiercache");
    assertThat(settings("redis://h").commandTimeout).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
    assertThat(settings("redis://h?coherence=NONE").coherence).isEqualTo(Coherence.NONE);

    RedisURI tls = settings("rediss://cache:6390/1?verifyPeer=ca").redisUri();
    assertThat(tls.isSsl()).isTrue();
    assertThat(tls.getVerifyMode()).isEqualTo(SslVerifyMode.CA);
    assertThat(settings("rediss://cache").redisUri().getVerifyMode())
        .isEqualTo(SslVerifyMode.FULL);

    RedisSettings sentinel =
        settings("redis-sentinel://:data-pw@s1:26380,s2/2?masterId=main&sentinelPassword=spw");
    RedisURI viaSentinel = sentinel.redisUri();
    assertThat(viaSentinel.getSentinelMasterId()).isEqualTo("main");
    assertThat(viaSentinel.getDatabase()).isEqualTo(2);
    assertThat(new String(creds(viaSentinel).getPassword())).isEqualTo("data-pw");
    assertThat(viaSentinel.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", 26380),
            org.assertj.core.groups.Tuple.tuple("s2", 26379));
    assertThat(viaSentinel.getSentinels())
        .allSatisfy(s -> assertThat(new String(creds(s).getPassword())).isEqualTo("spw"));
    assertThat(sentinel.toString()).doesNotContain("spw").doesNotContain("data-pw");

    RedisSettings cluster = settings("redis-cluster://:cpw@n1:7000,n2?shards=8&keyPrefix=c:");
    assertThat(cluster.clusterUris()).extracting(RedisURI::getHost, RedisURI::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("n1", 7000),
            org.assertj.core.groups.Tuple.tuple("n2", 6379));
    assertThat(cluster.clusterUris()).allSatisfy(u -> {
      assertThat(new String(creds(u).getPassword())).isEqualTo("cpw");
      assertThat(u.getDatabase()).isZero();
    });
    assertThat(cluster.layout.shards()).isEqualTo(8);
    assertThatThrownBy(cluster::redisUri).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void createReChecksWhenTheRegistryWasBypassed() {
    TierSpec spec = check("redis://h/0");
    assertThat(new RedisBackendProvider().toString()).contains("redis-cluster");
    assertThatThrownBy(() -> new RedisBackendProvider().create(
            io.tiercache.spi.BackendContext.builder(
                "x",
                io.tiercache.config.TierOptions.checkOrThrow(
                    io.tiercache.config.TierUri.parse("redis://h1,h2/0"),
                    spec.options().declared()),
                io.tiercache.codec.ValueCodec.utf8()).build()))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining("names 2 hosts");
  }
}
