package io.tiercache.tck.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A Redis server for tests: a {@code redis-server} process this fixture starts on a free loopback
 * port and can stop, kill, freeze and restart on the same port; or an external server named by
 * the environment variable {@value #EXTERNAL_URI_VARIABLE}.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   String tier = redis.uri() + "/0?keyPrefix=test:";        // redis://127.0.0.1:<port>/0?...
 *   ...
 *   redis.kill();       // SIGKILL: the server vanishes, with its data
 *   redis.restart();    // an empty server on the same port
 * }
 * }</pre>
 *
 * <h2>Where the server comes from</h2>
 *
 * {@link #start()} takes the first of: the server at {@value #EXTERNAL_URI_VARIABLE} (such as
 * {@code redis://:secret@127.0.0.1:6379}, with no path or query), {@code redis-server} on the
 * {@code PATH}, or the binary bundled in {@code com.github.codemonstur:embedded-redis} (see
 * {@link RedisBinary}). A Testcontainers source is not implemented: point
 * {@value #EXTERNAL_URI_VARIABLE} at a container instead. The builder can force a source.
 *
 * <h2>Processes</h2>
 *
 * A started process binds {@code 127.0.0.1} only, keeps no data on disk ({@code save ""},
 * {@code appendonly no}, a temporary {@code dir}), and writes its log to a temporary file
 * ({@link #logFile()}); when it fails to start, the exception quotes the end of that log. Use
 * {@link RedisLogsOnFailure} to have the logs of every running fixture attached to a failing
 * test. {@link #kill()}, {@link #freeze()}, {@link #thaw()} and {@link #restart()} send POSIX
 * signals ({@code SIGKILL}, {@code SIGSTOP}, {@code SIGCONT}); they throw
 * {@link UnsupportedOperationException} for an external server ({@link #controllable()} tells
 * beforehand).
 *
 * <p>Safe for concurrent use; process control methods are serialized.
 */
public final class RedisServer implements AutoCloseable {

  /** The environment variable naming an external server, as {@code redis://host:port}. */
  public static final String EXTERNAL_URI_VARIABLE = "TIERCACHE_REDIS_URI";

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  /** Where a server comes from. */
  public enum Source {
    /** An external server named by {@value RedisServer#EXTERNAL_URI_VARIABLE}. */
    EXTERNAL,
    /** {@code redis-server} found on the {@code PATH}. */
    PATH,
    /** The binary bundled in {@code com.github.codemonstur:embedded-redis}. */
    EMBEDDED
  }

  private final Source source;
  private final @Nullable RedisBinary binary;
  private final String host;
  private final @Nullable String adminUser;
  private final @Nullable String adminPassword;
  private final @Nullable SelfSignedCertificate certificate;
  private final List<String> arguments;
  private final @Nullable String sentinelConfig;
  private final String externalUri;
  private final @Nullable Path folder;
  private final @Nullable Path logFile;
  private final String name;
  private volatile int port;
  private volatile @Nullable Process process;
  private volatile boolean frozen;
  private volatile boolean closed;

  private RedisServer(Builder builder, @Nullable RedisBinary binary, Source source)
      throws IOException {
    this.source = source;
    this.binary = binary;
    this.certificate = builder.certificate;
    this.arguments = List.copyOf(builder.arguments);
    this.sentinelConfig = builder.sentinelConfig;
    this.name = builder.name;
    if (source == Source.EXTERNAL) {
      URI uri = parseExternal(builder.externalUri);
      this.host = Objects.requireNonNull(uri.getHost());
      this.port = uri.getPort() > 0 ? uri.getPort() : 6379;
      String userInfo = uri.getRawUserInfo();
      String user = null;
      String password = null;
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        String rawUser = colon < 0 ? "" : userInfo.substring(0, colon);
        String rawPassword = colon < 0 ? userInfo : userInfo.substring(colon + 1);
        user = rawUser.isEmpty() ? null : decode(rawUser);
        password = decode(rawPassword);
      }
      this.adminUser = user;
      this.adminPassword = password;
      this.externalUri = stripSlash(uri.toString());
      this.folder = null;
      this.logFile = null;
    } else {
      this.host = HOST;
      this.adminUser = builder.adminPassword == null ? null : "default";
      this.adminPassword = builder.adminPassword;
      this.externalUri = "";
      this.folder = Files.createTempDirectory("tiercache-redis-");
      this.logFile = folder.resolve("redis.log");
      this.port = builder.port;
    }
  }

  /**
   * Starts a server from the first source available (see the class documentation), with default
   * settings.
   *
   * @return the running server
   * @throws IllegalStateException if no source is available or the server does not start; the
   *     message quotes the end of its log
   */
  public static RedisServer start() {
    return builder().start();
  }

  /**
   * Starts describing a server.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the external server's URI from {@value #EXTERNAL_URI_VARIABLE}, if set.
   *
   * @return the URI
   */
  public static Optional<String> externalUri() {
    String value = System.getenv(EXTERNAL_URI_VARIABLE);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  // ---------------------------------------------------------------------------------------------
  // What the server is

  /**
   * Returns where the server came from.
   *
   * @return the source
   */
  public Source source() {
    return source;
  }

  /**
   * Returns the binary of a process started by the fixture.
   *
   * @return the binary; empty for an external server
   */
  public Optional<RedisBinary> binary() {
    return Optional.ofNullable(binary);
  }

  /**
   * Returns the host clients connect to: {@code 127.0.0.1} for a process of this fixture.
   *
   * @return the host
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port clients connect to (the TLS port of a TLS server). It stays the same across
   * {@link #restart()}.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the server's address as a tier URI prefix, without path or query: {@code
   * redis://127.0.0.1:<port>}, {@code rediss://127.0.0.1:<port>} for a TLS server, or the external
   * URI as given. Append {@code /<db>?<options>} to make a tier URI.
   *
   * @return the URI
   */
  public String uri() {
    if (source == Source.EXTERNAL) {
      return externalUri;
    }
    return (certificate != null ? "rediss://" : "redis://") + host + ":" + port;
  }

  /**
   * Returns the certificate of a TLS server.
   *
   * @return the certificate; empty if the server does not use TLS
   */
  public Optional<SelfSignedCertificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  /**
   * Tells whether the fixture controls the process, so that {@link #kill()}, {@link #freeze()},
   * {@link #thaw()}, {@link #stop()} and {@link #restart()} work.
   *
   * @return {@code false} for an external server
   */
  public boolean controllable() {
    return source != Source.EXTERNAL;
  }

  /**
   * Tells whether the fixture's process is alive (frozen counts as alive).
   *
   * @return {@code true} if running; always {@code true} for an external server
   */
  public boolean isRunning() {
    Process current = process;
    return source == Source.EXTERNAL || (current != null && current.isAlive());
  }

  /**
   * Returns the file the process logs to; it survives restarts and is deleted by {@link #close()}.
   *
   * @return the log file; empty for an external server
   */
  public Optional<Path> logFile() {
    return Optional.ofNullable(logFile);
  }

  /**
   * Returns the last lines of the log.
   *
   * @param lines how many lines
   * @return the lines, or a note saying why there are none
   */
  public String logTail(int lines) {
    Path file = logFile;
    if (file == null) {
      return "(an external server: its log is not available to the fixture)";
    }
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /**
   * Sends a command to the server (as the admin user, if one is set) and returns its reply.
   *
   * @param args the command and its arguments, such as {@code "DBSIZE"}
   * @return a {@link String}, a {@link Long}, a {@link List} of replies, or {@code null}
   * @throws RedisReplyException if the server answers with an error
   * @throws UncheckedIOException if the server cannot be reached
   */
  public @Nullable Object call(String... args) {
    try (Resp resp = connect()) {
      return resp.call(args);
    }
  }

  /**
   * Returns a field of {@code INFO}, such as {@code redis_version} or {@code role}.
   *
   * @param field the field name
   * @return its value, if the server reports it
   */
  public Optional<String> info(String field) {
    Object reply = call("INFO");
    if (!(reply instanceof String)) {
      return Optional.empty();
    }
    for (String line : ((String) reply).split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return Optional.of(line.substring(field.length() + 1).strip());
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // Process control

  /**
   * Stops the process gracefully ({@code SHUTDOWN NOSAVE}, then {@code SIGKILL} if it lingers).
   * {@link #restart()} starts it again.
   *
   * @throws UnsupportedOperationException for an external server
   */
  public synchronized void stop() {
    requireControllable("stop");
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    if (frozen) {
      thaw();
    }
    try (Resp resp = connect()) {
      resp.call("SHUTDOWN", "NOSAVE");
    } catch (RuntimeException e) {
      // The connection drops as the server exits; a failure here is expected.
    }
    awaitExit(current, Duration.ofSeconds(5));
  }

  /**
   * Kills the process with {@code SIGKILL}: clients see their connections reset; the data is
   * gone.
   *
   * @throws UnsupportedOperationException for an external server
   */
  public synchronized void kill() {
    requireControllable("kill");
    Process current = process;
    if (current == null) {
      return;
    }
    current.destroyForcibly();
    awaitExit(current, Duration.ofSeconds(10));
    frozen = false;
  }

  /**
   * Freezes the process with {@code SIGSTOP}: connections stay open but nothing answers, as with
   * a server stuck in a long command or a network partition.
   *
   * @throws UnsupportedOperationException for an external server
   * @throws IllegalStateException if the process is not running
   */
  public synchronized void freeze() {
    requireControllable("freeze");
    signal("STOP");
    frozen = true;
  }

  /**
   * Resumes a frozen process with {@code SIGCONT}.
   *
   * @throws UnsupportedOperationException for an external server
   * @throws IllegalStateException if the process is not running
   */
  public synchronized void thaw() {
    requireControllable("thaw");
    signal("CONT");
    frozen = false;
  }

  /**
   * Starts the process again on the same port, after {@link #stop()} or {@link #kill()} (or
   * kills it first if it still runs). The new server starts empty.
   *
   * @throws UnsupportedOperationException for an external server
   * @throws IllegalStateException if it does not start
   */
  public synchronized void restart() {
    requireControllable("restart");
    Process current = process;
    if (current != null && current.isAlive()) {
      kill();
    }
    launch(false);
  }

  /**
   * Stops the process (if the fixture started one) and deletes its files. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RUNNING.remove(this);
    if (source == Source.EXTERNAL) {
      return;
    }
    Process current = process;
    if (current != null && current.isAlive()) {
      if (frozen) {
        signal("CONT");
      }
      current.destroyForcibly();
      awaitExit(current, Duration.ofSeconds(10));
    }
    deleteFolder();
  }

  @Override
  public String toString() {
    return name + "[" + source + " " + host + ":" + port
        + (binary != null ? ", " + binary.version() : "") + (certificate != null ? ", TLS" : "")
        + "]";
  }

  /** Returns the fixtures started in this JVM and not yet closed. */
  static List<RedisServer> running() {
    return List.copyOf(RUNNING);
  }

  // ---------------------------------------------------------------------------------------------

  private void launch(boolean choosePort) {
    Path log = Objects.requireNonNull(logFile);
    RedisBinary executable = Objects.requireNonNull(binary);
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      if (choosePort && (attempt > 0 || port == 0)) {
        port = freePort();
      }
      List<String> command = command(executable);
      try {
        Files.writeString(log, "=== " + String.join(" ", command) + "\n",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        Process started =
            new ProcessBuilder(command)
                .directory(Objects.requireNonNull(folder).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process = started;
        frozen = false;
        String problem = awaitReady(started, log, logStart);
        if (problem == null) {
          RUNNING.add(this);
          return;
        }
        started.destroyForcibly();
        awaitExit(started, Duration.ofSeconds(5));
        failure = new IllegalStateException(
            toString() + " did not start: " + problem + "\n--- last lines of " + log + " ---\n"
                + logTail(30));
        if (!choosePort || !problem.contains("in use")) {
          throw failure;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + executable + ": " + e.getMessage(), e);
      }
    }
    throw Objects.requireNonNull(failure);
  }

  private List<String> command(RedisBinary executable) {
    List<String> command = new ArrayList<>();
    command.add(executable.path().toString());
    if (sentinelConfig != null) {
      Path config = Objects.requireNonNull(folder).resolve("sentinel.conf");
      try {
        Files.writeString(config, "port " + port + "\nbind " + HOST + "\ndir "
            + folder + "\n" + sentinelConfig, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      command.add(config.toString());
      command.add("--sentinel");
      return command;
    }
    command.addAll(List.of("--bind", HOST, "--save", "", "--appendonly", "no",
        "--dir", Objects.requireNonNull(folder).toString(), "--daemonize", "no",
        "--loglevel", "notice"));
    SelfSignedCertificate cert = certificate;
    if (cert != null) {
      command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
          "--tls-cert-file", cert.certificatePem().toString(),
          "--tls-key-file", cert.privateKeyPem().toString(),
          "--tls-ca-cert-file", cert.certificatePem().toString(),
          "--tls-auth-clients", "no"));
    } else {
      command.addAll(List.of("--port", Integer.toString(port)));
    }
    command.addAll(arguments);
    return command;
  }

  /** Waits until the process answers PING; returns why not, or {@code null} once it does. */
  private @Nullable String awaitReady(Process started, Path log, long logStart)
      throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        String written = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        String mine = written.substring((int) Math.min(written.length(), logStart));
        return mine.contains("Address already in use")
            ? "port " + port + " is in use"
            : "the process exited with status " + started.exitValue();
      }
      try (Resp resp = connect(Duration.ofMillis(500))) {
        resp.call("PING");
        return null;
      } catch (RedisReplyException e) {
        String reply = e.getMessage();
        if (reply == null || !reply.startsWith("LOADING")) {
          return "PING was answered with '" + reply + "'";
        }
      } catch (UncheckedIOException e) {
        // Not listening yet.
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return "it did not answer PING within " + START_TIMEOUT.toSeconds() + " s";
  }

  Resp connect() {
    return connect(COMMAND_TIMEOUT);
  }

  private Resp connect(Duration timeout) {
    SelfSignedCertificate cert = certificate;
    SSLContext tls = cert == null ? null : cert.clientContext();
    return Resp.connect(host, port, tls, adminUser, adminPassword, timeout);
  }

  private void signal(String signal) {
    Process current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException(this + " is not running: cannot send SIG" + signal);
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(current.pid()))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -" + signal + " " + current.pid() + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UnsupportedOperationException(
          "cannot send SIG" + signal + " (no 'kill' command on this system): " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }

  private static void awaitExit(Process process, Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireControllable(String what) {
    if (!controllable()) {
      throw new UnsupportedOperationException(
          "cannot " + what + " " + this + ": it is an external server (" + EXTERNAL_URI_VARIABLE
              + "); only servers the fixture started can be stopped, killed, frozen or"
              + " restarted");
    }
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private void deleteFolder() {
    Path dir = folder;
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>();
      files.forEach(all::add);
      Collections.reverse(all);
      for (Path file : all) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind is harmless.
    }
  }

  /**
   * Returns a port that is free now on 127.0.0.1 (the server may still lose it to another process
   * before it binds; {@link #launch} then tries another). With {@code plus} above 0, the port
   * {@code port + plus} (a cluster bus port) is free too.
   */
  static int freePort(int plus) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int candidate = plus > 0
          ? ThreadLocalRandom.current().nextInt(20_000, 65_535 - plus)
          : ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (isFree(candidate) && (plus == 0 || isFree(candidate + plus))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free port found on " + HOST);
  }

  private static int freePort() {
    return freePort(0);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static URI parseExternal(@Nullable String text) {
    String value = text != null ? text : externalUri().orElseThrow(() ->
        new IllegalStateException(EXTERNAL_URI_VARIABLE + " is not set"));
    try {
      URI uri = new URI(value);
      String path = uri.getPath();
      if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
          || (path != null && !path.isEmpty() && !path.equals("/")) || uri.getQuery() != null) {
        throw new IllegalStateException(
            EXTERNAL_URI_VARIABLE + " must be redis://[user:password@]host[:port] with no path or"
                + " query, such as redis://127.0.0.1:6379");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          EXTERNAL_URI_VARIABLE + " is not a URI; expected redis://[user:password@]host[:port]",
          e);
    }
  }

  private static String stripSlash(String text) {
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Describes a server to start. Not safe for concurrent use.
   */
  public static final class Builder {
    private @Nullable Source source;
    private @Nullable RedisBinary binary;
    private int port;
    private @Nullable SelfSignedCertificate certificate;
    private @Nullable String adminPassword;
    private final List<String> arguments = new ArrayList<>();
    private @Nullable String sentinelConfig;
    private @Nullable String externalUri;
    private String name = "redis-server";

    private Builder() {}

    /**
     * Forces a source instead of the first available.
     *
     * @param value the source
     * @return this builder
     */
    public Builder source(Source value) {
      this.source = Objects.requireNonNull(value, "source");
      return this;
    }

    /**
     * Uses an external server at a URI ({@code redis://[user:password@]host[:port]}) rather than
     * {@value RedisServer#EXTERNAL_URI_VARIABLE}.
     *
     * @param uri the URI
     * @return this builder
     */
    public Builder external(String uri) {
      this.externalUri = Objects.requireNonNull(uri, "uri");
      this.source = Source.EXTERNAL;
      return this;
    }

    /**
     * Starts this binary instead of looking one up.
     *
     * @param value the binary
     * @return this builder
     */
    public Builder binary(RedisBinary value) {
      this.binary = Objects.requireNonNull(value, "binary");
      return this;
    }

    /**
     * Listens on this port rather than on a free one.
     *
     * @param value the port
     * @return this builder
     */
    public Builder port(int value) {
      if (value < 1 || value > 65535) {
        throw new IllegalArgumentException("port was " + value + " but must be 1 to 65535");
      }
      this.port = value;
      return this;
    }

    /**
     * Serves TLS only (no plain port), with this certificate; clients need not present one.
     *
     * @param value the certificate
     * @return this builder
     */
    public Builder tls(SelfSignedCertificate value) {
      this.certificate = Objects.requireNonNull(value, "certificate");
      return this;
    }

    /**
     * Gives the {@code default} user a password, which the fixture then uses itself.
     *
     * @param password the password
     * @return this builder
     */
    public Builder adminPassword(String password) {
      this.adminPassword = Objects.requireNonNull(password, "password");
      arguments.addAll(List.of("--user", "default", "on", ">" + password, "~*", "&*", "+@all"));
      return this;
    }

    /**
     * Adds an ACL user (Redis 6.2 or newer), such as
     * {@code user("app", "secret", "~app:*", "&app:*", "+@all")}. The user starts with no key,
     * channel or command ({@code resetchannels} is added first, since Redis 6.2 otherwise grants
     * every channel), then gets the rules.
     *
     * @param user the user name
     * @param password the password
     * @param rules ACL rules: key patterns ({@code ~...}), channel patterns ({@code &...}),
     *     commands and categories ({@code +@all}, {@code -@dangerous})
     * @return this builder
     */
    public Builder user(String user, String password, String... rules) {
      List<String> line =
          new ArrayList<>(List.of("--user", user, "on", ">" + password, "resetchannels"));
      line.addAll(List.of(rules));
      arguments.addAll(line);
      return this;
    }

    /**
     * Adds a configuration directive, as {@code config("maxmemory", "10mb")}.
     *
     * @param directive the directive
     * @param values its values
     * @return this builder
     */
    public Builder config(String directive, String... values) {
      arguments.add("--" + directive);
      arguments.addAll(List.of(values));
      return this;
    }

    /**
     * Makes the server a replica of another fixture's server.
     *
     * @param master the master
     * @return this builder
     */
    public Builder replicaOf(RedisServer master) {
      return config("replicaof", master.host(), Integer.toString(master.port()));
    }

    /** Runs the process as a Sentinel with these configuration lines (port and dir added). */
    Builder sentinel(String config) {
      this.sentinelConfig = config;
      return this;
    }

    /** Names the fixture in messages. */
    Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Starts the server and waits until it answers {@code PING}.
     *
     * @return the running server
     * @throws IllegalStateException if no source is available or the server does not start; the
     *     message quotes the end of its log
     */
    public RedisServer start() {
      Source chosen = source;
      RedisBinary executable = binary;
      if (chosen == null && executable == null) {
        chosen = externalUri().isPresent() ? Source.EXTERNAL : null;
      }
      if (chosen == Source.EXTERNAL) {
        if (certificate != null || sentinelConfig != null || !arguments.isEmpty()) {
          throw new IllegalStateException(
              "an external server (" + EXTERNAL_URI_VARIABLE + ") cannot be configured by the"
                  + " fixture (TLS, users, directives); start a local process instead");
        }
        try {
          RedisServer server = new RedisServer(this, null, Source.EXTERNAL);
          server.call("PING");
          RUNNING.add(server);
          return server;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (executable == null) {
        if (chosen == Source.PATH) {
          executable = RedisBinary.onPath().orElseThrow(() -> new IllegalStateException(
              "no redis-server on the PATH (" + System.getenv("PATH") + ")"));
        } else if (chosen == Source.EMBEDDED) {
          executable = RedisBinary.embedded().orElseThrow(() -> new IllegalStateException(
              "no bundled redis-server for " + System.getProperty("os.name") + "/"
                  + System.getProperty("os.arch")
                  + ": add com.github.codemonstur:embedded-redis to the test class path"));
        } else {
          executable = RedisBinary.find();
        }
      }
      RedisServer server;
      try {
        server = new RedisServer(this, executable, executable.source());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a folder for redis-server: " + e, e);
      }
      try {
        server.launch(port == 0);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    }

    @Override
    public String toString() {
      return "RedisServer.Builder[" + name + (source != null ? " " + source : "")
          + String.format(Locale.ROOT, ", %d arguments]", arguments.size());
    }
  }
}
