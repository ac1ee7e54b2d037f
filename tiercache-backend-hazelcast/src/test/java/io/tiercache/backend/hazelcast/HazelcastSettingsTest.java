package io.tiercache.backend.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.config.CompactSerializationConfigAccessor;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.security.UsernamePasswordIdentityConfig;
import com.hazelcast.core.LifecycleListener;
import io.tiercache.BackendRegistry;
import io.tiercache.TierSpec;
import io.tiercache.spi.CacheEntry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HazelcastSettingsTest {

  private static final LifecycleListener IGNORED = event -> {};

  private static HazelcastSettings settings(String uri) {
    return settings(uri, Duration.ZERO);
  }

  private static HazelcastSettings settings(String uri, Duration stackTimeout) {
    TierSpec spec = BackendRegistry.load().checkTier(uri);
    return HazelcastSettings.of(spec.uri(), spec.options(), stackTimeout);
  }

  @Test
  void embeddedMemberJoinsOnlyTheMembersItIsTold() {
    Config config =
        settings(
                "hazelcast-embedded:products?cluster=prod&members=10.0.0.1,10.0.0.2:5702"
                    + "&port=5703&address=10.0.0.3&lite=true&connectTimeout=2500ms")
            .memberConfig("m1");

    assertThat(config.getInstanceName()).isEqualTo("m1");
    assertThat(config.getClusterName()).isEqualTo("prod");
    assertThat(config.isLiteMember()).isTrue();
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5703);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces())
        .containsExactly("10.0.0.3");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.1:5701", "10.0.0.2:5702");
    assertThat(join.getTcpIpConfig().getConnectionTimeoutSeconds()).isEqualTo(3);
    assertThat(registrations(config.getSerializationConfig().getCompactSerializationConfig()))
        .containsKey(StoredEntry.TYPE_NAME);
  }

  @Test
  void embeddedMemberWithoutPortTakesTheDefaultOrTheNextFree() {
    Config config = settings("hazelcast-embedded:products").memberConfig("m1");

    assertThat(config.getClusterName()).isEqualTo("dev");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).isEmpty();
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.isLiteMember()).isFalse();
  }

  @Test
  void clientReconnectsForEverAndFailsFastWhileOffline() {
    ClientConfig config =
        settings("hazelcast://app:s3cret@h1,h2:5702/products?cluster=prod&invocationTimeout=2500ms")
            .clientConfig("c1", IGNORED);

    assertThat(config.getInstanceName()).isEqualTo("c1");
    assertThat(config.getClusterName()).isEqualTo("prod");
    assertThat(config.getNetworkConfig().getAddresses()).containsExactly("h1:5701", "h2:5702");
    assertThat(config.getConnectionStrategyConfig().isAsyncStart()).isFalse();
    assertThat(config.getConnectionStrategyConfig().getReconnectMode())
        .isEqualTo(ReconnectMode.ASYNC);
    assertThat(
            config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .getClusterConnectTimeoutMillis())
        .isEqualTo(-1);
    assertThat(config.getProperty("hazelcast.client.invocation.timeout.seconds")).isEqualTo("3");
    UsernamePasswordIdentityConfig identity =
        config.getSecurityConfig().getUsernamePasswordIdentityConfig();
    assertThat(identity.getUsername()).isEqualTo("app");
    assertThat(identity.getPassword()).isEqualTo("s3cret");
    assertThat(registrations(config.getSerializationConfig().getCompactSerializationConfig()))
        .containsKey(StoredEntry.TYPE_NAME);
    assertThat(config.getListenerConfigs())
        .anySatisfy(listener -> assertThat(listener.getImplementation()).isSameAs(IGNORED));
  }

  @Test
  void clientRetriesAsLongAsTheStackWaitsUnlessTheUriSays() {
    String invocationTimeout = "hazelcast.client.invocation.timeout.seconds";

    assertThat(
            settings("hazelcast://h1/products", Duration.ofMillis(500))
                .clientConfig("c", IGNORED)
                .getProperty(invocationTimeout))
        .as("the stack's 500 ms, in whole seconds")
        .isEqualTo("1");
    assertThat(
            settings("hazelcast://h1/products", Duration.ofSeconds(3))
                .clientConfig("c", IGNORED)
                .getProperty(invocationTimeout))
        .isEqualTo("3");
    assertThat(
            settings("hazelcast://h1/products?invocationTimeout=7s", Duration.ofSeconds(3))
                .clientConfig("c", IGNORED)
                .getProperty(invocationTimeout))
        .isEqualTo("7");
    assertThat(settings("hazelcast://h1/products").clientConfig("c", IGNORED)
            .getProperty(invocationTimeout))
        .as("opened without a stack timeout")
        .isEqualTo("10");
  }

  @Test
  void clientWithoutCredentialsSendsNone() {
    ClientConfig config = settings("hazelcast://h1/products").clientConfig("c1", IGNORED);

    assertThat(config.getSecurityConfig().getUsernamePasswordIdentityConfig()).isNull();
    assertThat(config.getClusterName()).isEqualTo("dev");
  }

  @Test
  void backupCountConfiguresTheMapWithItsIndexAndTheRingBuffer() {
    HazelcastSettings settings = settings("hazelcast://h1/products?backupCount=2");

    assertThat(settings.backupCount()).hasValue(2);
    assertThat(settings.mapConfig(2).getName()).isEqualTo("products");
    assertThat(settings.mapConfig(2).getBackupCount()).isEqualTo(2);
    assertThat(settings.mapConfig(2).getAsyncBackupCount()).isZero();
    assertThat(settings.mapConfig(2).getIndexConfigs())
        .extracting(index -> index.getType() + " " + index.getAttributes())
        .containsExactly("HASH [tags[any]]", "SORTED [staleUntil]");
    assertThat(settings.busName()).isEqualTo("tiercache.bus.products");
    assertThat(settings.busConfig(2).getName()).isEqualTo("tiercache.bus.products");
    assertThat(settings.busConfig(2).getBackupCount()).isEqualTo(2);
    assertThat(settings("hazelcast://h1/products").backupCount()).isEmpty();
  }

  @Test
  void tiersShareAnInstanceExactlyWhenTheirConnectionSettingsAgree() {
    String base = settings("hazelcast://h1,h2/products?cluster=c").instanceKey();

    assertThat(settings("hazelcast://h1,h2/orders?cluster=c&backupCount=2&ttl=1h").instanceKey())
        .as("another map, backups and common options")
        .isEqualTo(base);
    assertThat(settings("hazelcast://h1:5701,h2/products?cluster=c").instanceKey())
        .as("the default port written out")
        .isEqualTo(base);
    assertThat(Set.of(
            settings("hazelcast://h1/products?cluster=c").instanceKey(),
            settings("hazelcast://h1,h2/products?cluster=d").instanceKey(),
            settings("hazelcast://h1,h2/products?cluster=c&instance=other").instanceKey(),
            settings("hazelcast://u:p@h1,h2/products?cluster=c").instanceKey(),
            settings("hazelcast://u:q@h1,h2/products?cluster=c").instanceKey(),
            settings("hazelcast-embedded:products?cluster=c&members=h1,h2").instanceKey()))
        .as("other hosts, cluster, instance name, credentials, or a member")
        .hasSize(6)
        .doesNotContain(base);
  }

  @Test
  void instanceIsDescribedWithoutCredentials() {
    assertThat(settings("hazelcast://app:hunter2@h1,h2/products?cluster=c").describeInstance())
        .isEqualTo("a client of cluster 'c' at h1:5701,h2:5701");
    assertThat(settings("hazelcast-embedded:p?members=h1&port=5702").describeInstance())
        .isEqualTo("a member of cluster 'dev' on port 5702, joining h1:5701");
    assertThat(settings("hazelcast-embedded:p").describeInstance())
        .isEqualTo("a member of cluster 'dev' on port 5701 or above");
  }

  @Test
  void ttlCoversTheStaleWindowInWholeSecondsWithASecondToSpare() {
    long now = 1_000_000;
    assertThat(HazelcastBackend.ttlSeconds(entry(now, now + 300), now)).isEqualTo(2);
    assertThat(HazelcastBackend.ttlSeconds(entry(now, now + 1000), now)).isEqualTo(2);
    assertThat(HazelcastBackend.ttlSeconds(entry(now, now + 1001), now)).isEqualTo(3);
    assertThat(HazelcastBackend.ttlSeconds(entry(now + 10, now + 3_600_000), now))
        .isEqualTo(3601);
    assertThat(HazelcastBackend.ttlSeconds(entry(CacheEntry.NEVER, CacheEntry.NEVER), now))
        .as("never expires: no TTL")
        .isZero();
    assertThat(HazelcastBackend.ttlSeconds(entry(now, now + 20L * 365 * 86_400_000), now))
        .as("twenty years: no TTL either")
        .isZero();
  }

  /** The Compact registrations of a configuration, by type name, read through Hazelcast. */
  private static java.util.Map<String, ?> registrations(
      com.hazelcast.config.CompactSerializationConfig config) {
    return CompactSerializationConfigAccessor.getRegistrations(config);
  }

  private static CacheEntry<String> entry(long expiresAt, long staleUntil) {
    return new CacheEntry<>("v", expiresAt, staleUntil, Set.of());
  }
}
