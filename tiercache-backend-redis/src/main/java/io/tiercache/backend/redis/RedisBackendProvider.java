package io.tiercache.backend.redis;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates shared tiers on Redis, through Lettuce, for the URI schemes {@code redis},
 * {@code rediss} (TLS), {@code redis-sentinel} and {@code redis-cluster}. Found by
 * {@link java.util.ServiceLoader}; users do not call it directly. Its options and the tiers'
 * behaviour are described in the {@linkplain io.tiercache.backend.redis package documentation}.
 *
 * <p>Stateless and safe for concurrent use.
 */
public final class RedisBackendProvider implements BackendProvider {

  /** The key prefix of tiers that give none. */
  public static final String DEFAULT_KEY_PREFIX = "tiercache:";

  /** The client name of tiers that give none, as {@code CLIENT LIST} shows it. */
  public static final String DEFAULT_CLIENT_NAME = "tiercache";

  /** The longest key prefix accepted, in characters. */
  public static final int MAX_KEY_PREFIX_LENGTH = 256;

  /** The port of a Redis server, when a host gives none. */
  public static final int DEFAULT_PORT = 6379;

  /** The port of a Sentinel, when a host gives none. */
  public static final int DEFAULT_SENTINEL_PORT = 26379;

  static final String REDIS = "redis";
  static final String REDISS = "rediss";
  static final String SENTINEL = "redis-sentinel";
  static final String CLUSTER = "redis-cluster";

  private static final Map<String, String> FORMS =
      Map.of(
          REDIS, "'redis://[[user]:password@]host[:port][/database]'",
          REDISS, "'rediss://[[user]:password@]host[:port][/database]'",
          SENTINEL, "'redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]"
              + "?masterId=<name>'",
          CLUSTER, "'redis-cluster://[[user]:password@]host[:port][,host[:port]...]'");

  /** The namespace of the tier's keys, also its channel and tracking prefix. */
  static final Option<String> KEY_PREFIX =
      Option.of(
          "keyPrefix",
          OptionType.of("prefix", RedisBackendProvider::checkKeyPrefix),
          DEFAULT_KEY_PREFIX,
          "namespace of the tier's keys in Redis; also its pub/sub channel and, with"
              + " coherence=tracking, the prefix tracked");

  /** How local tiers above this one are kept coherent. */
  static final Option<String> COHERENCE =
      Option.of(
          "coherence",
          OptionType.choice("pubsub", "tracking", "none"),
          "pubsub",
          "how other processes' local tiers learn of changes: pubsub (stacks publish),"
              + " tracking (the server reports every change, RESP3 client tracking), none");

  /** The connections' name on the server. */
  static final Option<String> CLIENT_NAME =
      Option.of(
          "clientName",
          OptionType.identifier(),
          DEFAULT_CLIENT_NAME,
          "the name of the tier's connections on the server (CLIENT SETNAME)");

  /** How long opening a connection may take. */
  static final Option<Duration> CONNECT_TIMEOUT =
      Option.of(
          "connectTimeout",
          OptionType.duration(false),
          Duration.ofSeconds(10),
          "how long opening or reopening a connection may take");

  /** The name a Sentinel monitors the master under. */
  static final Option<String> MASTER_ID =
      Option.of(
          "masterId",
          OptionType.identifier(),
          null,
          "redis-sentinel only, required: the name the Sentinels monitor the master under");

  /** The password of the Sentinels themselves. */
  static final Option<String> SENTINEL_PASSWORD =
      Option.of(
              "sentinelPassword",
              OptionType.text(),
              null,
              "redis-sentinel only: the Sentinels' own password, if they require one")
          .asSecret();

  /** The number of hash-tagged shards a cluster tier spreads its keys over. */
  static final Option<Long> SHARDS =
      Option.of(
          "shards",
          OptionType.integer(1, 1024),
          16L,
          "redis-cluster only: hash-tagged shards the keys are spread over (1 keeps the tier in"
              + " one slot, making tag invalidation atomic across it)");

  /** How a TLS server's certificate is checked. */
  static final Option<String> VERIFY_PEER =
      Option.of(
          "verifyPeer",
          OptionType.choice("full", "ca", "none"),
          "full",
          "rediss only: full (trusted chain and host name), ca (trusted chain), none (no check:"
              + " tests only)");

  /** The certificates a TLS client trusts. */
  static final Option<String> TRUST_STORE =
      Option.of(
          "trustStore",
          OptionType.text(),
          null,
          "rediss only: file of trusted certificates, PEM or a PKCS#12/JKS key store (the JDK's"
              + " trust store if absent)");

  /** The password of a key-store trust store. */
  static final Option<String> TRUST_STORE_PASSWORD =
      Option.of(
              "trustStorePassword",
              OptionType.text(),
              null,
              "rediss only: the password of a PKCS#12/JKS trustStore")
          .asSecret();

  /** The client's certificate and key. */
  static final Option<String> KEY_STORE =
      Option.of(
          "keyStore",
          OptionType.text(),
          null,
          "rediss only: PKCS#12/JKS key store of the client certificate, for servers that"
              + " require one");

  /** The password of the key store. */
  static final Option<String> KEY_STORE_PASSWORD =
      Option.of("keyStorePassword", OptionType.text(), null, "rediss only: the keyStore's password")
          .asSecret();

  private static final List<Option<?>> OPTIONS =
      List.of(
          KEY_PREFIX,
          COHERENCE,
          CLIENT_NAME,
          CONNECT_TIMEOUT,
          MASTER_ID,
          SENTINEL_PASSWORD,
          SHARDS,
          VERIFY_PEER,
          TRUST_STORE,
          TRUST_STORE_PASSWORD,
          KEY_STORE,
          KEY_STORE_PASSWORD);

  private static final List<Option<?>> TLS_OPTIONS =
      List.of(VERIFY_PEER, TRUST_STORE, TRUST_STORE_PASSWORD, KEY_STORE, KEY_STORE_PASSWORD);

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public RedisBackendProvider() {}

  /**
   * Returns {@code redis}, {@code rediss}, {@code redis-sentinel} and {@code redis-cluster}.
   *
   * @return the schemes
   */
  @Override
  public Set<String> schemes() {
    return Set.of(REDIS, REDISS, SENTINEL, CLUSTER);
  }

  /**
   * Returns the Redis options; the common ones are added by the registry.
   *
   * @return the options, always the same instances
   */
  @Override
  public List<Option<?>> options() {
    return OPTIONS;
  }

  @Override
  public String description() {
    return "shared tier on Redis through Lettuce (standalone, TLS, Sentinel, Cluster), with tag"
        + " index and cross-process invalidation (pub/sub or client tracking)";
  }

  /**
   * Checks the shape of the URI: the number of hosts for the scheme, the database in the path,
   * the user information, and which options the scheme takes (such as {@code masterId} for
   * Sentinel only, and required there; TLS options for {@code rediss} only;
   * {@code coherence=tracking} not on a cluster).
   *
   * @param uri the tier's URI
   * @param options the options that parsed
   * @param problems receives one line per problem
   */
  @Override
  public void check(TierUri uri, TierOptions options, List<String> problems) {
    Objects.requireNonNull(uri, "uri must not be null");
    Objects.requireNonNull(options, "options must not be null");
    Objects.requireNonNull(problems, "problems must not be null");
    String scheme = uri.scheme();
    String form = FORMS.getOrDefault(scheme, FORMS.get(REDIS));
    boolean sentinel = scheme.equals(SENTINEL);
    boolean cluster = scheme.equals(CLUSTER);
    boolean tls = scheme.equals(REDISS);
    if (!uri.hierarchical()) {
      problems.add(
          "has no '//' after '" + scheme + ":'; expected the form " + form);
    } else {
      int hosts = uri.hosts().size();
      if (hosts == 0) {
        problems.add("names no host; expected the form " + form);
      } else if (hosts > 1 && !sentinel && !cluster) {
        problems.add(
            "names " + hosts + " hosts, but a " + scheme + " tier connects to one server; use"
                + " redis-sentinel:// or redis-cluster:// for several");
      }
      String password = uri.password();
      if (password != null && password.isEmpty()) {
        problems.add(
            "has an empty password in its user information; give the password, as in"
                + " 'redis://:<password>@host', or no user information at all");
      }
      String path = uri.path();
      if (!path.isEmpty() && !path.equals("/")) {
        int database = database(path);
        if (database < 0) {
          problems.add(
              "database was '" + path + "' but must be '/' and a number from 0 to 2147483647,"
                  + " such as '/0'");
        } else if (cluster && database != 0) {
          problems.add(
              "database was '" + path + "' but Redis Cluster has only database 0; remove the"
                  + " path or write '/0'");
        }
      }
    }
    if (sentinel && !options.isSet(MASTER_ID)) {
      problems.add(
          "masterId is required by redis-sentinel: the name the Sentinels monitor the master"
              + " under, as in '?masterId=mymaster'");
    }
    onlyFor(options, MASTER_ID, sentinel, SENTINEL, problems);
    onlyFor(options, SENTINEL_PASSWORD, sentinel, SENTINEL, problems);
    onlyFor(options, SHARDS, cluster, CLUSTER, problems);
    for (Option<?> option : TLS_OPTIONS) {
      onlyFor(options, option, tls, REDISS, problems);
    }
    if (cluster && options.find(COHERENCE).map("tracking"::equals).orElse(false)) {
      problems.add(
          "coherence was 'tracking' but a redis-cluster tier does not support client tracking"
              + " (it is per node); use coherence=pubsub");
    }
    if (cluster) {
      options
          .find(KEY_PREFIX)
          .filter(prefix -> prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0)
          .ifPresent(
              prefix ->
                  problems.add(
                      "keyPrefix was '" + prefix + "' but a redis-cluster tier's prefix may not"
                          + " hold '{' or '}': the tier adds its own hash tags (shards=1 keeps"
                          + " every key in one slot)"));
    }
    if (options.isSet(TRUST_STORE_PASSWORD) && !options.isSet(TRUST_STORE)) {
      problems.add("trustStorePassword is given without trustStore; give both or neither");
    }
    if (options.isSet(KEY_STORE_PASSWORD) && !options.isSet(KEY_STORE)) {
      problems.add("keyStorePassword is given without keyStore; give both or neither");
    }
    readable(options, TRUST_STORE, problems);
    readable(options, KEY_STORE, problems);
  }

  /**
   * Creates and connects a tier.
   *
   * @param context the tier's options, codec, clock and event listener
   * @param <V> the value type
   * @return the tier
   * @throws InvalidTierUriException if the URI fails {@link #check} (only when the registry was
   *     bypassed)
   * @throws io.tiercache.spi.TierAccessException if the server cannot be reached, refuses the
   *     credentials, or (with {@code coherence=tracking}) refuses client tracking
   */
  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    requireValid(context);
    return RedisBackend.open(context, RedisSettings.of(context.uri(), context.options(), context.timeout()));
  }

  @Override
  public String toString() {
    return "RedisBackendProvider" + schemes();
  }

  // ---------------------------------------------------------------------------------------------

  /** Parses {@code /<n>}; returns -1 if it is not a database number. */
  static int database(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return 0;
    }
    String digits = path.substring(1);
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    long value = Long.parseLong(digits);
    return value > Integer.MAX_VALUE ? -1 : (int) value;
  }

  private static String checkKeyPrefix(String text) {
    if (text.isEmpty() || text.length() > MAX_KEY_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          "text of 1 to " + MAX_KEY_PREFIX_LENGTH + " characters, such as 'shop:'");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "text of 1 to " + MAX_KEY_PREFIX_LENGTH + " characters without control characters"
                + " or surrogates, such as 'shop:'");
      }
    }
    return text;
  }

  private static void onlyFor(
      TierOptions options, Option<?> option, boolean allowed, String scheme,
      List<String> problems) {
    if (!allowed && options.isSet(option)) {
      problems.add(
          option.name() + " is given, but it applies to " + scheme + ":// tiers only; remove it");
    }
  }

  private static void readable(TierOptions options, Option<String> option, List<String> problems) {
    options
        .find(option)
        .ifPresent(
            file -> {
              boolean ok;
              try {
                Path path = Path.of(file);
                ok = Files.isRegularFile(path) && Files.isReadable(path);
              } catch (InvalidPathException e) {
                ok = false;
              }
              if (!ok) {
                problems.add(
                    option.name() + " was '" + file + "' but must name a readable file");
              }
            });
  }
}
