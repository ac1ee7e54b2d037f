package io.tiercache.backend.hazelcast;

import io.tiercache.config.InvalidTierUriException;
import io.tiercache.config.Option;
import io.tiercache.config.OptionType;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates shared tiers on a Hazelcast {@code IMap} for the URI schemes {@code hazelcast} (a client
 * of a cluster, as in {@code hazelcast://hz1.internal:5701/products?cluster=prod}) and
 * {@code hazelcast-embedded} (a member started in this JVM, as in
 * {@code hazelcast-embedded:products?members=10.0.0.1:5701}). Found by
 * {@link java.util.ServiceLoader}; users do not call it directly. The URI grammar, the options and
 * the tiers' behaviour are described in the {@linkplain io.tiercache.backend.hazelcast package
 * documentation}.
 *
 * <p>Stateless and safe for concurrent use.
 */
public final class HazelcastBackendProvider implements BackendProvider {

  /** The port of a member when a URI gives none: Hazelcast's default. */
  public static final int DEFAULT_PORT = 5701;

  /** The cluster name when a URI gives none: Hazelcast's default. */
  public static final String DEFAULT_CLUSTER = "dev";

  static final String CLIENT_SCHEME = "hazelcast";
  static final String EMBEDDED_SCHEME = "hazelcast-embedded";

  private static final String CLIENT_FORM =
      "'hazelcast://host:5701[,host:5701...]/mapName?cluster=dev'";
  private static final String EMBEDDED_FORM =
      "'hazelcast-embedded:mapName[?members=host:5701,...]'";
  private static final Pattern MAP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:*-]*[.:][0-9A-Fa-f.:*-]*");

  /** The cluster name. */
  static final Option<String> CLUSTER =
      Option.of(
          "cluster",
          OptionType.identifier(),
          DEFAULT_CLUSTER,
          "the name of the cluster to connect to or join; members and clients must share it");

  /** The members an embedded member joins. */
  static final Option<List<TierUri.Host>> MEMBERS =
      Option.of(
          "members",
          OptionType.of("host:port,...", HazelcastBackendProvider::parseMembers),
          null,
          "hazelcast-embedded only: members to join by TCP-IP, as host[:port] separated by ','"
              + " (the member forms a cluster of its own if absent)");

  /** The port of an embedded member. */
  static final Option<Long> PORT =
      Option.of(
          "port",
          OptionType.integer(1, 65535),
          null,
          "hazelcast-embedded only: the member's port, exactly (" + DEFAULT_PORT + " or the"
              + " next free one if absent)");

  /** The address an embedded member binds to. */
  static final Option<String> ADDRESS_OPTION =
      Option.of(
          "address",
          OptionType.of("address", HazelcastBackendProvider::parseAddress),
          null,
          "hazelcast-embedded only: the IP address of this machine the member binds to and"
              + " announces, such as 10.0.1.7 or 10.0.1.* (every interface if absent)");

  /** Whether an embedded member holds no data. */
  static final Option<Boolean> LITE =
      Option.of(
          "lite",
          OptionType.bool(),
          Boolean.FALSE,
          "hazelcast-embedded only: a lite member, which joins the cluster but holds no entries");

  /** The synchronous backups of the map and of the invalidation ring buffer. */
  static final Option<Long> BACKUP_COUNT =
      Option.of(
          "backupCount",
          OptionType.integer(0, 6),
          null,
          "synchronous backups of each entry and of the invalidation ring buffer, set as the"
              + " cluster's configuration of the map (the cluster's own, 1 by default, if absent)");

  /** How long opening waits for the cluster. */
  static final Option<Duration> CONNECT_TIMEOUT =
      Option.of(
          "connectTimeout",
          OptionType.duration(false),
          Duration.ofSeconds(10),
          "how long opening the tier waits for a member to answer (a client) or to join the"
              + " members given (an embedded member)");

  /** How long a client retries an operation. */
  static final Option<Duration> INVOCATION_TIMEOUT =
      Option.of(
          "invocationTimeout",
          OptionType.duration(false),
          null,
          "hazelcast (client) only: how long an operation is retried, while members leave or"
              + " partitions move, before it fails (the stack's timeout for the tier if absent,"
              + " or 10s; in whole seconds)");

  /** Which tiers share one Hazelcast instance. */
  static final Option<String> INSTANCE =
      Option.of(
          "instance",
          OptionType.identifier(),
          "default",
          "tiers of this JVM with the same instance name and connection settings share one"
              + " Hazelcast client or member; give another name for one of their own");

  private static final List<Option<?>> OPTIONS =
      List.of(
          CLUSTER,
          MEMBERS,
          PORT,
          ADDRESS_OPTION,
          LITE,
          BACKUP_COUNT,
          CONNECT_TIMEOUT,
          INVOCATION_TIMEOUT,
          INSTANCE);

  private static final List<Option<?>> EMBEDDED_ONLY = List.of(MEMBERS, PORT, ADDRESS_OPTION, LITE);
  private static final List<Option<?>> CLIENT_ONLY = List.of(INVOCATION_TIMEOUT);

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public HazelcastBackendProvider() {}

  /**
   * Returns the schemes served: {@code hazelcast} (a client) and {@code hazelcast-embedded} (a
   * member in this JVM).
   *
   * @return the two schemes
   */
  @Override
  public Set<String> schemes() {
    return Set.of(CLIENT_SCHEME, EMBEDDED_SCHEME);
  }

  /**
   * Returns {@code cluster}, {@code members}, {@code port}, {@code address}, {@code lite},
   * {@code backupCount}, {@code connectTimeout}, {@code invocationTimeout} and {@code instance};
   * the common options are added by the registry.
   *
   * @return the options, always the same instances
   */
  @Override
  public List<Option<?>> options() {
    return OPTIONS;
  }

  @Override
  public String description() {
    return "shared tier on a Hazelcast IMap, as a client (hazelcast://) or as a member in this"
        + " JVM (hazelcast-embedded:), with tag queries and invalidations on a ring buffer";
  }

  /**
   * Checks the URI's shape for its scheme: a client names at least one host and exactly one map
   * ({@code hazelcast://host:5701/map}) and gives user information only as
   * {@code user:password@}; an embedded member names one map and no authority
   * ({@code hazelcast-embedded:map}). Options that apply to the other scheme only are reported
   * too.
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
    if (uri.scheme().equals(EMBEDDED_SCHEME)) {
      checkEmbedded(uri, options, problems);
    } else {
      checkClient(uri, options, problems);
    }
  }

  /**
   * Creates a tier: starts or reuses the Hazelcast client or member its URI describes, and opens
   * its map.
   *
   * @param context the tier's options, codec, clock and event listener
   * @param <V> the value type
   * @return the tier
   * @throws InvalidTierUriException if the URI or its options fail {@link #check} (only when the
   *     registry was bypassed)
   * @throws io.tiercache.spi.TierAccessException if no member answers within
   *     {@code connectTimeout}, the member cannot start, or the cluster refuses the map's
   *     configuration
   */
  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    requireValid(context);
    return HazelcastBackend.open(
        context, HazelcastSettings.of(context.uri(), context.options(), context.timeout()));
  }

  @Override
  public String toString() {
    return "HazelcastBackendProvider[" + CLIENT_SCHEME + ", " + EMBEDDED_SCHEME + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private static void checkClient(TierUri uri, TierOptions options, List<String> problems) {
    if (!uri.hierarchical()) {
      problems.add(
          "has no '//' after 'hazelcast:' (found 'hazelcast:" + uri.path() + "'); a client names"
              + " its members and its map, in the form " + CLIENT_FORM + " (for a member in this"
              + " JVM use 'hazelcast-embedded:" + uri.path() + "')");
      return;
    }
    if (uri.hosts().isEmpty()) {
      problems.add("names no member to connect to; expected the form " + CLIENT_FORM);
    }
    String path = uri.path();
    if (path.isEmpty() || path.equals("/")) {
      problems.add("names no map; expected the form " + CLIENT_FORM);
    } else {
      checkMapName(path.substring(1), CLIENT_FORM, problems);
    }
    if (uri.password() != null && uri.user().isEmpty()) {
      problems.add(
          "has a password but no user name; Hazelcast credentials are written 'user:password@'"
              + " before the hosts");
    }
    for (Option<?> option : EMBEDDED_ONLY) {
      if (options.isSet(option)) {
        problems.add(notForClient(option));
      }
    }
  }

  private static String notForClient(Option<?> option) {
    String name = option.name();
    String hint;
    if (option == MEMBERS) {
      hint = "a client lists the members it connects to as hosts, as in"
          + " 'hazelcast://10.0.0.1:5701,10.0.0.2:5701/products'";
    } else if (option == PORT) {
      hint = "a client gives each member's port in its host, as in"
          + " 'hazelcast://10.0.0.1:5702/products'";
    } else {
      hint = "a client starts no member; use scheme 'hazelcast-embedded' for a member in this JVM";
    }
    return "'" + name + "' applies to scheme 'hazelcast-embedded' only; " + hint;
  }

  private static void checkEmbedded(TierUri uri, TierOptions options, List<String> problems) {
    if (uri.hierarchical()) {
      String authority =
          uri.hosts().stream().map(TierUri.Host::toString).collect(Collectors.joining(","));
      boolean credentials = uri.password() != null || uri.user().isPresent();
      problems.add(
          "has an authority ('hazelcast-embedded://"
              + (credentials ? TierUri.MASK + "@" : "") + authority + "'), but an embedded member"
              + " takes none: name the map after the colon and list the members to join with"
              + " 'members', in the form " + EMBEDDED_FORM);
      return;
    }
    if (uri.path().isEmpty()) {
      problems.add("names no map; expected the form " + EMBEDDED_FORM);
    } else {
      checkMapName(uri.path(), EMBEDDED_FORM, problems);
    }
    for (Option<?> option : CLIENT_ONLY) {
      if (options.isSet(option)) {
        problems.add(
            "'" + option.name() + "' applies to scheme 'hazelcast' (a client) only; an embedded"
                + " member is part of the cluster and needs no retries to reach it");
      }
    }
  }

  private static void checkMapName(String name, String form, List<String> problems) {
    if (!MAP_NAME.matcher(name).matches()) {
      problems.add(
          "map name '" + name + "' is not valid; a map name is 1 to 128 letters, digits, '.', '_',"
              + " ':' or '-', starting with a letter or a digit, in the form " + form);
    }
  }

  /** Parses {@code host[:port],...}; IPv6 addresses in brackets. */
  static List<TierUri.Host> parseMembers(String text) {
    String expected =
        "a list of host[:port] separated by ',', such as '10.0.0.1:5701,10.0.0.2:5701'";
    if (text.isEmpty() || text.chars().anyMatch(c -> "/?#@&=".indexOf(c) >= 0)) {
      throw new IllegalArgumentException(expected);
    }
    List<TierUri.Host> hosts;
    try {
      hosts = TierUri.parse("members://" + text).hosts();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(expected, e);
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(expected);
    }
    return hosts;
  }

  /** Parses an IP address or a Hazelcast interface pattern such as {@code 10.0.1.*}. */
  static String parseAddress(String text) {
    if (!ADDRESS.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "an IP address of this machine, such as '127.0.0.1', or a pattern such as '10.0.1.*'");
    }
    return text;
  }
}
