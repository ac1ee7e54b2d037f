package io.tiercache.config;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.InvalidTierUriException.TierProblems;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One tier, written as a URI, parsed but not yet checked against its backend's options.
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * stack     = tier *( "|" tier )                 ; blanks around "|" are ignored
 * tier      = scheme ":" ( "//" authority [ path ] / opaque ) [ "?" query ]
 * scheme    = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )     ; case-insensitive
 * authority = [ user [ ":" password ] "@" ] [ host *( "," host ) ]
 * host      = ( name / "[" IPv6 "]" ) [ ":" port ]         ; port 1-65535
 * path      = "/" *char                          ; after the authority
 * opaque    = *char                              ; "heap", "/var/cache/app", "products"
 * query     = param *( "&amp;" param )
 * param     = name "=" value                     ; each name at most once
 * </pre>
 *
 * <p>User, password, path and values are percent-decoded as UTF-8 ({@code +} stays a plus).
 * Characters that RFC 3986 does not allow in a URI (space, control characters, {@code " < > \ ^
 * ` { | }}) must be percent-encoded; a fragment ({@code #}) is not allowed. In a URI with an
 * authority, {@code @} may appear only there, ending the user information: elsewhere write it
 * {@code %40}. An {@code @} after the host part most often ends a password that holds an
 * unencoded {@code /}, {@code ?} or {@code #}; it is rejected without quoting the text around it.
 * Examples:
 *
 * <pre>
 * caffeine://?maximumSize=10000&amp;ttl=5m
 * redis://:secret@localhost:6379/0?keyPrefix=shop:&amp;timeout=200ms
 * redis-cluster://host1:7000,host2:7001
 * hazelcast-embedded:products
 * ehcache:/var/cache/app?disk=512MB
 * </pre>
 *
 * <p>Credentials never leave this object through {@link #toString()} or an error message: the
 * password, a user given without a password (Redis reads it as the password), and the value of
 * any parameter whose name contains {@code password}, {@code secret} or {@code token} are shown as
 * {@code ****}.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class TierUri {

  /** The mask shown in place of a secret. */
  public static final String MASK = "****";

  private static final int MAX_SHOWN = 200;

  private final String scheme;
  private final boolean hierarchical;
  private final @Nullable String user;
  private final @Nullable String password;
  private final List<Host> hosts;
  private final String path;
  private final Map<String, String> parameters;
  private final String rawPath;
  private final boolean hasQuery;
  private final String redacted;

  private TierUri(
      String scheme,
      boolean hierarchical,
      @Nullable String user,
      @Nullable String password,
      List<Host> hosts,
      String path,
      Map<String, String> parameters,
      String rawPath,
      boolean hasQuery) {
    this.scheme = scheme;
    this.hierarchical = hierarchical;
    this.user = user;
    this.password = password;
    this.hosts = hosts;
    this.path = path;
    this.parameters = parameters;
    this.rawPath = rawPath;
    this.hasQuery = hasQuery;
    this.redacted = redacted(Set.of());
  }

  /**
   * Parses one tier URI.
   *
   * @param text the URI; blanks around it are ignored
   * @return the parsed tier
   * @throws InvalidTierUriException if the text is not a valid tier URI; the message lists every
   *     problem found
   * @throws NullPointerException if {@code text} is {@code null}
   */
  public static TierUri parse(String text) {
    Objects.requireNonNull(text, "tier URI must not be null");
    List<String> problems = new ArrayList<>();
    TierUri uri = parse(text.strip(), problems);
    if (uri == null || !problems.isEmpty()) {
      throw new InvalidTierUriException(
          List.of(new TierProblems("Invalid tier '" + redactRaw(text.strip()) + "'", problems)));
    }
    return uri;
  }

  /**
   * Parses a stack: tier URIs joined by {@code |}, L1 first. The text is split at every
   * {@code |} before anything else, so a {@code |} inside a tier, a password's included, must be
   * written {@code %7C}.
   *
   * @param stack the stack, such as {@code caffeine://?maximumSize=10000 | redis://localhost:6379/0}
   * @return the tiers, L1 first; at least one
   * @throws InvalidTierUriException if the stack is empty or any tier is invalid; the message
   *     lists the problems of every tier
   * @throws NullPointerException if {@code stack} is {@code null}
   */
  public static List<TierUri> parseStack(String stack) {
    Objects.requireNonNull(stack, "tier stack must not be null");
    if (stack.isBlank()) {
      throw new InvalidTierUriException(
          List.of(
              new TierProblems(
                  "Invalid tier stack ''",
                  List.of(
                      "it holds no tier; expected tier URIs joined by '|', such as"
                          + " 'caffeine://?maximumSize=10000 | redis://localhost:6379/0'"))));
    }
    String[] parts = stack.split("\\|", -1);
    List<TierUri> tiers = new ArrayList<>(parts.length);
    List<TierProblems> failures = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String text = parts[i].strip();
      List<String> problems = new ArrayList<>();
      TierUri uri = parse(text, problems);
      if (uri == null || !problems.isEmpty()) {
        failures.add(
            new TierProblems("Invalid tier L" + (i + 1) + " '" + redactRaw(text) + "'", problems));
      } else {
        tiers.add(uri);
      }
    }
    if (!failures.isEmpty()) {
      throw new InvalidTierUriException(failures);
    }
    return List.copyOf(tiers);
  }

  /**
   * Returns the scheme, in lower case.
   *
   * @return the scheme, such as {@code redis}
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Tells whether the URI has an authority ({@code scheme://...}) rather than an opaque part
   * ({@code scheme:...}).
   *
   * @return {@code true} for {@code scheme://...}
   */
  public boolean hierarchical() {
    return hierarchical;
  }

  /**
   * Returns the decoded user name, if given with a password ({@code user:password@}).
   *
   * @return the user
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * Returns the decoded password: the part after {@code :} in the user information, or the whole
   * user information when it has no {@code :} (as Redis reads {@code redis://secret@host}). Never
   * log it.
   *
   * @return the password, or {@code null} if none was given
   */
  public @Nullable String password() {
    return password;
  }

  /**
   * Returns the hosts of the authority, in order.
   *
   * @return the hosts; empty if none (always empty for an opaque URI)
   */
  public List<Host> hosts() {
    return hosts;
  }

  /**
   * Returns the decoded path: after the authority for {@code scheme://host/path}, or the opaque
   * part for {@code scheme:path}.
   *
   * @return the path; empty if none
   */
  public String path() {
    return path;
  }

  /**
   * Returns the decoded query parameters, in the order written.
   *
   * @return the parameters by name; unmodifiable
   */
  public Map<String, String> parameters() {
    return parameters;
  }

  /**
   * Returns the URI with its secrets masked as {@code ****}, for messages and logs.
   *
   * @return the redacted URI
   */
  public String redacted() {
    return redacted;
  }

  /**
   * Returns the URI with its secrets masked as {@link #redacted()} does, and also the values of
   * the given parameters, such as those of options declared {@link Option#asSecret() secret}.
   *
   * @param secretParameters names of further parameters whose values are secrets
   * @return the redacted URI
   */
  String redacted(Set<String> secretParameters) {
    StringBuilder out = new StringBuilder(scheme).append(':');
    if (hierarchical) {
      out.append("//");
      if (password != null) {
        if (user != null) {
          out.append(user);
        }
        out.append(':').append(MASK).append('@');
      }
      for (int i = 0; i < hosts.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(hosts.get(i));
      }
    }
    out.append(rawPath);
    if (hasQuery) {
      out.append('?');
      boolean first = true;
      for (Map.Entry<String, String> param : parameters.entrySet()) {
        if (!first) {
          out.append('&');
        }
        first = false;
        String name = param.getKey();
        boolean secret = isSecretParameter(name) || secretParameters.contains(name);
        out.append(name).append('=').append(secret ? MASK : param.getValue());
      }
    }
    return out.toString();
  }

  /**
   * Returns {@link #redacted()}: a tier URI never shows its secrets.
   *
   * @return the redacted URI
   */
  @Override
  public String toString() {
    return redacted;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof TierUri)) {
      return false;
    }
    TierUri that = (TierUri) other;
    return scheme.equals(that.scheme)
        && hierarchical == that.hierarchical
        && Objects.equals(user, that.user)
        && Objects.equals(password, that.password)
        && hosts.equals(that.hosts)
        && path.equals(that.path)
        && parameters.equals(that.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, hierarchical, user, password, hosts, path, parameters);
  }

  /**
   * Tells whether a parameter's value is a secret by its name: the name contains
   * {@code password}, {@code secret} or {@code token}, ignoring case.
   *
   * @param name the parameter name
   * @return {@code true} if its value must be masked
   */
  public static boolean isSecretParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("password") || lower.contains("secret") || lower.contains("token");
  }

  /**
   * Masks the credentials of text that may not parse: the user information of an authority and
   * the values of secret parameters. Long texts are cut to 200 characters.
   *
   * <p>Text that does not parse may hold a password with an unencoded {@code /}, {@code ?} or
   * {@code #}, so the masking is cautious: everything from the start of the authority (after
   * {@code //}, or else after the first {@code :}) up to the <em>last</em> {@code @} of the text
   * is masked, keeping a user name written before a {@code :}.
   *
   * @param text the text of a tier URI
   * @return the text with secrets masked
   */
  public static String redactRaw(String text) {
    String masked = text;
    int at = masked.lastIndexOf('@');
    if (at >= 0) {
      int slashes = masked.indexOf("//");
      int colon = masked.indexOf(':');
      int start =
          slashes >= 0 && slashes < at ? slashes + 2 : colon >= 0 && colon < at ? colon + 1 : 0;
      String userInfo = masked.substring(start, at);
      int userColon = userInfo.indexOf(':');
      String shown = userColon < 0 ? MASK : userInfo.substring(0, userColon + 1) + MASK;
      masked = masked.substring(0, start) + shown + masked.substring(at);
    }
    int query = masked.indexOf('?');
    if (query >= 0) {
      StringBuilder out = new StringBuilder(masked.substring(0, query + 1));
      String[] params = masked.substring(query + 1).split("&", -1);
      for (int i = 0; i < params.length; i++) {
        if (i > 0) {
          out.append('&');
        }
        int eq = params[i].indexOf('=');
        if (eq > 0 && isSecretParameter(decodeLeniently(params[i].substring(0, eq)))) {
          out.append(params[i], 0, eq + 1).append(MASK);
        } else {
          out.append(params[i]);
        }
      }
      masked = out.toString();
    }
    if (masked.length() > MAX_SHOWN) {
      masked = masked.substring(0, MAX_SHOWN) + "...";
    }
    return masked;
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing

  private static @Nullable TierUri parse(String text, List<String> problems) {
    if (text.isEmpty()) {
      problems.add(
          "a tier URI must not be empty; expected '<scheme>:...', such as"
              + " 'caffeine://?maximumSize=10000'");
      return null;
    }
    checkCharacters(text, problems);
    int colon = text.indexOf(':');
    if (colon < 0) {
      problems.add(
          "has no scheme; expected '<scheme>:' at the start, such as 'caffeine://' or"
              + " 'ehcache:heap'");
      return null;
    }
    String scheme = text.substring(0, colon);
    if (scheme.isEmpty()) {
      problems.add("has an empty scheme; expected a name such as 'caffeine' before ':'");
      return null;
    }
    if (!isScheme(scheme)) {
      problems.add(
          "scheme '"
              + scheme
              + "' is not valid; a scheme starts with a letter and holds only letters, digits,"
              + " '+', '-' and '.'");
    }
    String rest = text.substring(colon + 1);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      problems.add("has a fragment ('#...'); a tier URI takes none");
      rest = rest.substring(0, hash);
    }
    int question = rest.indexOf('?');
    String main = question < 0 ? rest : rest.substring(0, question);
    @Nullable String query = question < 0 ? null : rest.substring(question + 1);

    boolean hierarchical = main.startsWith("//");
    String user = null;
    String password = null;
    List<Host> hosts = List.of();
    String rawPath;
    if (hierarchical) {
      int slash = main.indexOf('/', 2);
      String authority = slash < 0 ? main.substring(2) : main.substring(2, slash);
      rawPath = slash < 0 ? "" : main.substring(slash);
      if (text.indexOf('@', colon + 3 + authority.length()) >= 0) {
        // Most often a password holding '/', '?' or '#' ended the authority early: quoting any
        // part of the text could show that password, so say nothing more.
        problems.add(
            "has '@' after the host part; if it ends a password or user name, percent-encode"
                + " its '/', '?' and '#' (as %2F, %3F and %23), else write the '@' as %40");
        return null;
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = authority.substring(0, at);
        int userColon = userInfo.indexOf(':');
        if (userColon < 0) {
          password = decode(userInfo, "the user information", true, problems);
        } else {
          String rawUser = userInfo.substring(0, userColon);
          user = rawUser.isEmpty() ? null : decode(rawUser, "the user name", false, problems);
          password = decode(userInfo.substring(userColon + 1), "the password", true, problems);
        }
        authority = authority.substring(at + 1);
      }
      hosts = parseHosts(authority, problems);
    } else {
      rawPath = main;
    }
    String path = decode(rawPath, "the path", false, problems);
    Map<String, String> parameters = parseQuery(query, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    return new TierUri(
        scheme.toLowerCase(Locale.ROOT),
        hierarchical,
        user,
        password,
        hosts,
        path,
        Collections.unmodifiableMap(parameters),
        rawPath,
        query != null);
  }

  private static void checkCharacters(String text, List<String> problems) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        problems.add("contains a space at index " + i + "; write it as %20");
        return;
      }
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        problems.add(
            String.format(
                Locale.ROOT,
                "contains the %s character U+%04X at index %d; percent-encode it",
                Character.isISOControl(c) ? "control" : "blank",
                (int) c,
                i));
        return;
      }
      if ("\"<>\\^`{}|".indexOf(c) >= 0) {
        problems.add(
            String.format(
                Locale.ROOT,
                "contains '%c' at index %d, which a URI does not allow; write it as %%%02X",
                c,
                i,
                (int) c));
        return;
      }
    }
  }

  private static boolean isScheme(String scheme) {
    if (!isAsciiLetter(scheme.charAt(0))) {
      return false;
    }
    for (int i = 1; i < scheme.length(); i++) {
      char c = scheme.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static List<Host> parseHosts(String authority, List<String> problems) {
    if (authority.isEmpty()) {
      return List.of();
    }
    List<Host> hosts = new ArrayList<>();
    for (String part : authority.split(",", -1)) {
      if (part.isEmpty()) {
        problems.add(
            "has an empty host in '"
                + authority
                + "'; expected host[:port] separated by ',' such as 'host1:7000,host2:7001'");
        continue;
      }
      Host host = parseHost(part, problems);
      if (host != null) {
        hosts.add(host);
      }
    }
    return List.copyOf(hosts);
  }

  private static @Nullable Host parseHost(String part, List<String> problems) {
    String name;
    String portText = null;
    if (part.startsWith("[")) {
      int close = part.indexOf(']');
      if (close < 0) {
        problems.add("host '" + part + "' has '[' without ']'; write IPv6 as '[::1]:6379'");
        return null;
      }
      name = part.substring(1, close);
      if (name.isEmpty()
          || !name.chars().allMatch(c -> hexValue((char) c) >= 0 || c == ':' || c == '.')) {
        problems.add(
            "host '" + part + "' is not a valid IPv6 address; write it as '[::1]:6379'");
        return null;
      }
      String after = part.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          problems.add(
              "host '" + part + "' has '" + after + "' after ']'; expected ':<port>' or nothing");
          return null;
        }
        portText = after.substring(1);
      }
    } else {
      int colon = part.indexOf(':');
      if (colon >= 0 && part.indexOf(':', colon + 1) >= 0) {
        problems.add(
            "host '" + part + "' has more than one ':'; write an IPv6 address in brackets, as"
                + " '[::1]:6379'");
        return null;
      }
      name = colon < 0 ? part : part.substring(0, colon);
      portText = colon < 0 ? null : part.substring(colon + 1);
      if (name.isEmpty()) {
        problems.add("host '" + part + "' has no name before ':'; expected host[:port]");
        return null;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '_') {
          problems.add(
              "host '" + name + "' is not a valid host name; expected letters, digits, '-', '.'"
                  + " and '_', or an IPv6 address in brackets");
          return null;
        }
      }
    }
    int port = -1;
    if (portText != null) {
      port = parsePort(portText);
      if (port < 0) {
        problems.add(
            "port '" + portText + "' of host '" + part + "' is not valid; expected a number from"
                + " 1 to 65535");
        return null;
      }
    }
    return new Host(name, port);
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port >= 1 && port <= 65535 ? port : -1;
  }

  private static Map<String, String> parseQuery(@Nullable String query, List<String> problems) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    boolean emptyReported = false;
    for (String param : query.split("&", -1)) {
      if (param.isEmpty()) {
        if (!emptyReported) {
          problems.add("has an empty parameter ('&&', or '&' at an end); remove the extra '&'");
          emptyReported = true;
        }
        continue;
      }
      int eq = param.indexOf('=');
      if (eq < 0) {
        problems.add(
            "parameter '" + param + "' has no value; expected name=value, such as '" + param
                + "=...'");
        continue;
      }
      if (eq == 0) {
        problems.add(
            "parameter '" + shownParameter(param) + "' has no name; expected name=value");
        continue;
      }
      String name = decode(param.substring(0, eq), "a parameter name", false, problems);
      String value =
          decode(
              param.substring(eq + 1), "parameter '" + name + "'", isSecretParameter(name),
              problems);
      if (parameters.containsKey(name)) {
        problems.add("parameter '" + name + "' is given more than once; give it once");
        continue;
      }
      parameters.put(name, value);
    }
    return parameters;
  }

  private static String shownParameter(String param) {
    int eq = param.indexOf('=');
    return eq >= 0 && isSecretParameter(param.substring(0, eq))
        ? param.substring(0, eq + 1) + MASK
        : param;
  }

  /** Percent-decodes what can be decoded, for telling secret parameter names. */
  private static String decodeLeniently(String text) {
    return decode(text, "", false, new ArrayList<>());
  }

  /**
   * Percent-decodes text as UTF-8, adding a problem and returning the text as it is if it cannot.
   * The problem quotes the bad percent-encoding unless the text is a secret.
   */
  private static String decode(String text, String what, boolean secret, List<String> problems) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '%') {
        out.append(text.charAt(i));
        i++;
        continue;
      }
      // A run of %XX is one UTF-8 sequence (or several); other characters are kept as written.
      bytes.reset();
      while (i < text.length() && text.charAt(i) == '%') {
        int high = i + 1 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
        int low = i + 2 < text.length() ? hexValue(text.charAt(i + 2)) : -1;
        if (high < 0 || low < 0) {
          if (secret) {
            problems.add(
                what + " has a '%' that is not followed by two hex digits; write a '%' itself as"
                    + " %25");
            return text;
          }
          String shown = text.substring(i, Math.min(text.length(), i + 3));
          problems.add(
              what + " has '" + shown + "', which is not a valid percent-encoding; expected '%'"
                  + " and two hex digits, such as '%20'");
          return text;
        }
        bytes.write(high * 16 + low);
        i += 3;
      }
      try {
        out.append(ValueCodec.utf8().decode(bytes.toByteArray()));
      } catch (IllegalArgumentException e) {
        problems.add(what + " does not decode as UTF-8 after percent-decoding");
        return text;
      }
    }
    return out.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * One host of an authority.
   *
   * @param name the host name or address, without brackets for IPv6
   * @param port the port, or {@code -1} if not given
   */
  public record Host(String name, int port) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if the port is neither -1 nor 1 to 65535
     * @param name the host name or address
   * @param port the port, or -1
   */
    public Host {
      Objects.requireNonNull(name, "name");
      if (port != -1 && (port < 1 || port > 65535)) {
        throw new IllegalArgumentException("port was " + port + " but must be 1 to 65535");
      }
    }

    /**
     * Returns the port, or a default when none was given.
     *
     * @param defaultPort the port to use when none was given
     * @return the port
     */
    public int portOr(int defaultPort) {
      return port < 0 ? defaultPort : port;
    }

    /**
     * Returns {@code name[:port]}, with IPv6 addresses in brackets.
     *
     * @return the host as written in a URI
     */
    @Override
    public String toString() {
      String shown = name.indexOf(':') >= 0 ? "[" + name + "]" : name;
      return port < 0 ? shown : shown + ":" + port;
    }
  }
}
