package io.tiercache.backend.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A tier's connection settings, read from its checked URI and options: what Lettuce is given,
 * built programmatically (the URI's query never reaches Lettuce). {@link #toString()} shows no
 * secret. Immutable.
 */
final class RedisSettings {

  /** The timeout of Lettuce's commands when the tier gives no {@code timeout}. */
  static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);

  /** How a tier reaches Redis. */
  enum Mode {
    /** One server ({@code redis://}, {@code rediss://}). */
    STANDALONE,
    /** The master named by Sentinels ({@code redis-sentinel://}). */
    SENTINEL,
    /** A Redis Cluster ({@code redis-cluster://}). */
    CLUSTER
  }

  final Mode mode;
  final boolean tls;
  final List<TierUri.Host> hosts;
  final int database;
  final @Nullable String user;
  final @Nullable String password;
  final KeyLayout layout;
  final Coherence coherence;
  final String clientName;
  final Duration commandTimeout;
  final Duration connectTimeout;
  final @Nullable String masterId;
  final @Nullable String sentinelPassword;
  final SslVerifyMode verifyPeer;
  final @Nullable String trustStore;
  final @Nullable String trustStorePassword;
  final @Nullable String keyStore;
  final @Nullable String keyStorePassword;
  final String redactedUri;

  private RedisSettings(TierUri uri, TierOptions options, Duration stackTimeout) {
    String scheme = uri.scheme();
    this.mode = scheme.equals(RedisBackendProvider.SENTINEL) ? Mode.SENTINEL
        : scheme.equals(RedisBackendProvider.CLUSTER) ? Mode.CLUSTER : Mode.STANDALONE;
    this.tls = scheme.equals(RedisBackendProvider.REDISS);
    this.hosts = uri.hosts();
    this.database = Math.max(0, RedisBackendProvider.database(uri.path()));
    this.user = uri.user().orElse(null);
    this.password = uri.password();
    String prefix = options.get(RedisBackendProvider.KEY_PREFIX);
    this.layout = mode == Mode.CLUSTER
        ? KeyLayout.sharded(prefix, options.get(RedisBackendProvider.SHARDS).intValue())
        : KeyLayout.single(prefix);
    this.coherence = Coherence.of(options.get(RedisBackendProvider.COHERENCE));
    this.clientName = options.get(RedisBackendProvider.CLIENT_NAME);
    this.commandTimeout =
        stackTimeout.isZero()
            ? options.find(CommonOptions.TIMEOUT).orElse(DEFAULT_COMMAND_TIMEOUT)
            : stackTimeout;
    this.connectTimeout = options.get(RedisBackendProvider.CONNECT_TIMEOUT);
    this.masterId = options.find(RedisBackendProvider.MASTER_ID).orElse(null);
    this.sentinelPassword = options.find(RedisBackendProvider.SENTINEL_PASSWORD).orElse(null);
    this.verifyPeer =
        SslVerifyMode.valueOf(
            options.get(RedisBackendProvider.VERIFY_PEER).toUpperCase(Locale.ROOT));
    this.trustStore = options.find(RedisBackendProvider.TRUST_STORE).orElse(null);
    this.trustStorePassword = options.find(RedisBackendProvider.TRUST_STORE_PASSWORD).orElse(null);
    this.keyStore = options.find(RedisBackendProvider.KEY_STORE).orElse(null);
    this.keyStorePassword = options.find(RedisBackendProvider.KEY_STORE_PASSWORD).orElse(null);
    this.redactedUri = options.redactedUri();
  }

  /**
   * Reads the settings of a tier whose URI passed {@link RedisBackendProvider#check}.
   *
   * @param uri the URI
   * @param options its options
   * @return the settings
   */
  static RedisSettings of(TierUri uri, TierOptions options) {
    return new RedisSettings(uri, options, Duration.ZERO);
  }

  /**
   * Reads the settings of a tier, with the timeout its stack applies (which wins over the
   * {@code timeout} option, and over the default, when not zero).
   */
  static RedisSettings of(TierUri uri, TierOptions options, Duration stackTimeout) {
    return new RedisSettings(uri, options, stackTimeout);
  }

  /** Returns the Lettuce URI of a standalone or Sentinel tier. */
  RedisURI redisUri() {
    if (mode == Mode.CLUSTER) {
      throw new IllegalStateException("a cluster tier has one URI per seed host");
    }
    RedisURI.Builder builder;
    if (mode == Mode.SENTINEL) {
      String master = requireMasterId();
      TierUri.Host first = hosts.get(0);
      builder = sentinelPassword == null
          ? RedisURI.Builder.sentinel(first.name(), first.portOr(sentinelPort()), master)
          : RedisURI.Builder.sentinel(
              first.name(), first.portOr(sentinelPort()), master, sentinelPassword);
      for (TierUri.Host host : hosts.subList(1, hosts.size())) {
        if (sentinelPassword == null) {
          builder.withSentinel(host.name(), host.portOr(sentinelPort()));
        } else {
          builder.withSentinel(host.name(), host.portOr(sentinelPort()), sentinelPassword);
        }
      }
    } else {
      TierUri.Host host = hosts.get(0);
      builder = RedisURI.builder().withHost(host.name())
          .withPort(host.portOr(RedisBackendProvider.DEFAULT_PORT))
          .withSsl(tls);
      if (tls) {
        builder.withVerifyPeer(verifyPeer);
      }
    }
    return finish(builder);
  }

  /** Returns the Lettuce URIs of a cluster tier's seed hosts. */
  List<RedisURI> clusterUris() {
    List<RedisURI> uris = new ArrayList<>(hosts.size());
    for (TierUri.Host host : hosts) {
      uris.add(finish(RedisURI.builder().withHost(host.name())
          .withPort(host.portOr(RedisBackendProvider.DEFAULT_PORT))));
    }
    return uris;
  }

  /** Returns the TLS options: the trust and key stores given, through the JDK's provider. */
  SslOptions sslOptions() {
    SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
    if (trustStore != null) {
      File file = new File(trustStore);
      if (isPem(file.toPath())) {
        builder.trustManager(file);
      } else {
        builder.truststore(file, trustStorePassword == null ? "" : trustStorePassword);
      }
    }
    if (keyStore != null) {
      builder.keystore(new File(keyStore),
          keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray());
    }
    return builder.build();
  }

  private RedisURI finish(RedisURI.Builder builder) {
    // Lettuce times the connection handshake by the URI's timeout; commands are timed by the
    // client's TimeoutOptions, set to the tier's timeout (see RedisConnections).
    builder.withDatabase(mode == Mode.CLUSTER ? 0 : database)
        .withTimeout(connectTimeout)
        .withClientName(clientName);
    String secret = password;
    if (secret != null) {
      if (user != null) {
        builder.withAuthentication(user, secret.toCharArray());
      } else {
        builder.withPassword(secret.toCharArray());
      }
    }
    return builder.build();
  }

  private String requireMasterId() {
    String id = masterId;
    if (id == null) {
      throw new IllegalStateException("a Sentinel tier needs masterId");
    }
    return id;
  }

  private static int sentinelPort() {
    return RedisBackendProvider.DEFAULT_SENTINEL_PORT;
  }

  private static boolean isPem(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(64);
      return new String(head, StandardCharsets.ISO_8859_1).contains("-----BEGIN");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "RedisSettings[" + redactedUri + ", " + mode + ", " + layout + ", coherence="
        + coherence.optionValue() + ", timeout=" + commandTimeout.toMillis() + "ms]";
  }
}
