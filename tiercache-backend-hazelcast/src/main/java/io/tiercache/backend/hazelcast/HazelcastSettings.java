package io.tiercache.backend.hazelcast;

import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.ADDRESS_OPTION;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.BACKUP_COUNT;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.CLUSTER;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.CONNECT_TIMEOUT;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.DEFAULT_PORT;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.EMBEDDED_SCHEME;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.INSTANCE;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.INVOCATION_TIMEOUT;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.LITE;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.MEMBERS;
import static io.tiercache.backend.hazelcast.HazelcastBackendProvider.PORT;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.client.properties.ClientProperty;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.spi.properties.ClusterProperty;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one tier, read from its checked URI: which map, and which Hazelcast client or
 * member serves it. Builds the Hazelcast configurations. Immutable.
 *
 * <p>{@link #instanceKey()} identifies the Hazelcast instance: tiers whose keys are equal share
 * one. It holds the password and must never be shown.
 */
final class HazelcastSettings {

  /** The name of the tag index on the map. */
  static final String TAG_INDEX = "tiercache-tags";

  /** The name of the index on the map's {@code staleUntil}. */
  static final String STALE_UNTIL_INDEX = "tiercache-stale-until";

  /** The attribute path of each tag of a stored entry, for queries and the index. */
  static final String TAGS_ATTRIBUTE = StoredEntry.TAGS + "[any]";

  private final boolean embedded;
  private final String mapName;
  private final String cluster;
  private final List<String> addresses;
  private final OptionalInt port;
  private final @Nullable String address;
  private final boolean lite;
  private final OptionalInt backupCount;
  private final Duration connectTimeout;
  private final Duration invocationTimeout;
  private final @Nullable String user;
  private final @Nullable String password;
  private final String instance;

  /** The invocation timeout of a client when neither the URI nor the stack gives one. */
  static final Duration DEFAULT_INVOCATION_TIMEOUT = Duration.ofSeconds(10);

  private HazelcastSettings(TierUri uri, TierOptions options, Duration stackTimeout) {
    this.embedded = uri.scheme().equals(EMBEDDED_SCHEME);
    this.mapName = embedded ? uri.path() : uri.path().substring(1);
    this.cluster = options.get(CLUSTER);
    List<String> hosts = new ArrayList<>();
    List<TierUri.Host> listed = embedded ? options.find(MEMBERS).orElse(List.of()) : uri.hosts();
    for (TierUri.Host host : listed) {
      hosts.add(new TierUri.Host(host.name(), host.portOr(DEFAULT_PORT)).toString());
    }
    this.addresses = List.copyOf(hosts);
    this.port = optionalInt(options.find(PORT));
    this.address = options.find(ADDRESS_OPTION).orElse(null);
    this.lite = options.get(LITE);
    this.backupCount = optionalInt(options.find(BACKUP_COUNT));
    this.connectTimeout = options.get(CONNECT_TIMEOUT);
    // Retrying longer than the stack waits would only let a write land after it was given up.
    this.invocationTimeout =
        options.find(INVOCATION_TIMEOUT)
            .orElse(stackTimeout.isZero() ? DEFAULT_INVOCATION_TIMEOUT : stackTimeout);
    this.user = uri.user().orElse(null);
    this.password = uri.password();
    this.instance = options.get(INSTANCE);
  }

  /**
   * Reads the settings of a checked tier.
   *
   * @param uri the tier's URI, which passed the provider's check
   * @param options its options
   * @param stackTimeout how long the stack waits for one of the tier's operations, or zero
   * @return the settings
   */
  static HazelcastSettings of(TierUri uri, TierOptions options, Duration stackTimeout) {
    Objects.requireNonNull(uri, "uri must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(stackTimeout, "stackTimeout must not be null");
    return new HazelcastSettings(uri, options, stackTimeout);
  }

  boolean embedded() {
    return embedded;
  }

  String mapName() {
    return mapName;
  }

  String cluster() {
    return cluster;
  }

  /** The members' addresses as {@code host:port}: a client's hosts, or the members to join. */
  List<String> addresses() {
    return addresses;
  }

  boolean hasCredentials() {
    return password != null;
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  OptionalInt backupCount() {
    return backupCount;
  }

  /** The name of the ring buffer that carries the map's invalidations. */
  String busName() {
    return "tiercache.bus." + mapName;
  }

  /**
   * Returns the identity of the Hazelcast instance these settings need: equal for tiers that may
   * share one. Holds the password: never show it.
   */
  String instanceKey() {
    return String.join(
        "\u0000",
        embedded ? "member" : "client",
        instance,
        cluster,
        String.join(",", addresses),
        String.valueOf(port),
        String.valueOf(address),
        String.valueOf(lite),
        connectTimeout.toString(),
        invocationTimeout.toString(),
        String.valueOf(user),
        String.valueOf(password));
  }

  /** Describes the instance for messages, without credentials. */
  String describeInstance() {
    if (embedded) {
      return "a member of cluster '" + cluster + "' on "
          + (port.isPresent() ? "port " + port.getAsInt() : "port " + DEFAULT_PORT + " or above")
          + (addresses.isEmpty() ? "" : ", joining " + String.join(",", addresses));
    }
    return "a client of cluster '" + cluster + "' at " + String.join(",", addresses);
  }

  // ---------------------------------------------------------------------------------------------
  // Hazelcast configurations

  /**
   * Returns the configuration of an embedded member: TCP-IP join with the given members and
   * nothing else (no multicast, no auto-detection: a member never finds a cluster it was not
   * told of), phone-home off, the entry serializer registered.
   */
  Config memberConfig(String instanceName) {
    Config config = new Config();
    config.setInstanceName(instanceName);
    config.setClusterName(cluster);
    config.setLiteMember(lite);
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port.orElse(DEFAULT_PORT)).setPortAutoIncrement(port.isEmpty());
    if (address != null) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(address));
      config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig()
        .setEnabled(true)
        .setMembers(addresses)
        .setConnectionTimeoutSeconds(seconds(connectTimeout));
    config.getSerializationConfig().getCompactSerializationConfig()
        .addSerializer(new StoredEntry.Serializer());
    return config;
  }

  /**
   * Returns the configuration of a client: the hosts, the credentials, connection attempts for
   * ever (the caller bounds the first by {@code connectTimeout} itself), and, once connected,
   * reconnection in the background with operations failing at once while no member is reachable
   * (so that the tier reads as a miss instead of blocking).
   */
  ClientConfig clientConfig(String instanceName, LifecycleListener listener) {
    ClientConfig config = new ClientConfig();
    config.setInstanceName(instanceName);
    config.setClusterName(cluster);
    config.getNetworkConfig().setAddresses(new ArrayList<>(addresses));
    config.getConnectionStrategyConfig().setAsyncStart(false).setReconnectMode(ReconnectMode.ASYNC);
    ConnectionRetryConfig retry =
        config.getConnectionStrategyConfig().getConnectionRetryConfig();
    retry.setClusterConnectTimeoutMillis(-1)
        .setInitialBackoffMillis(100)
        .setMaxBackoffMillis(2000)
        .setMultiplier(2)
        .setJitter(0.2);
    config.setProperty(
        ClientProperty.INVOCATION_TIMEOUT_SECONDS.getName(),
        String.valueOf(seconds(invocationTimeout)));
    if (password != null) {
      config.getSecurityConfig()
          .setUsernamePasswordIdentityConfig(Objects.requireNonNull(user), password);
    }
    config.getSerializationConfig().getCompactSerializationConfig()
        .addSerializer(new StoredEntry.Serializer());
    config.addListenerConfig(new ListenerConfig(listener));
    return config;
  }

  /** The map's configuration when {@code backupCount} is given, with the tag index. */
  MapConfig mapConfig(int backups) {
    return new MapConfig(mapName).setBackupCount(backups).setAsyncBackupCount(0)
        .setIndexConfigs(indexes());
  }

  /** The invalidation ring buffer's configuration when {@code backupCount} is given. */
  RingbufferConfig busConfig(int backups) {
    return new RingbufferConfig(busName()).setBackupCount(backups).setAsyncBackupCount(0);
  }

  /**
   * The map's indexes: a hash index on each tag of an entry, for tag queries, and a sorted one on
   * {@code staleUntil}, so that {@code tags()} ranges over the live entries through it rather than
   * over every value (a value some other program wrote, which has no such field, would fail it).
   */
  static List<IndexConfig> indexes() {
    return List.of(
        new IndexConfig(IndexType.HASH, TAGS_ATTRIBUTE).setName(TAG_INDEX),
        new IndexConfig(IndexType.SORTED, StoredEntry.STALE_UNTIL).setName(STALE_UNTIL_INDEX));
  }

  private static OptionalInt optionalInt(Optional<Long> value) {
    return value.isPresent() ? OptionalInt.of(value.get().intValue()) : OptionalInt.empty();
  }

  private static int seconds(Duration duration) {
    long seconds = (duration.toMillis() + 999) / 1000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }
}
