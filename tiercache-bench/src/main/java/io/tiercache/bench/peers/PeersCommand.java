package io.tiercache.bench.peers;

import io.tiercache.bench.Subcommand;
import io.tiercache.bench.workload.Result;
import io.tiercache.bench.workload.Workload;
import io.tiercache.tck.redis.RedisServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code peers}: the mixed workload side by side. Starts a redis-server (the TCK's fixture), then
 * runs each contender in a JVM of its own, with its own class path, one after the other against
 * that server (flushed in between): tiercache and Lettuce alone from the bench's own class path,
 * each peer library from its module under {@code tiercache-bench/peers/<name>}
 * ({@code target/classes} and the {@code target/classpath.txt} its build writes). Every JVM runs
 * the same harness ({@link io.tiercache.bench.workload.ContenderMain}); the results come back as
 * JSON lines and are printed as a Markdown report with the ratio of tiercache to the best peer.
 * See {@link PeersOptions#USAGE}.
 */
public final class PeersCommand implements Subcommand {

  /** The contenders that run from the bench's own class path. */
  static final List<String> IN_BENCH = List.of("tiercache", "lettuce");

  /**
   * JVM options a peer needs on JDK 17: J2Cache's serializers reflect into the JDK's classes
   * when they start.
   */
  static final Map<String, List<String>> PEER_JVM_ARGS =
      Map.of(
          "j2cache",
          List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
              "--add-opens", "java.base/java.util=ALL-UNNAMED",
              "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
              "--add-opens", "java.base/java.math=ALL-UNNAMED",
              "--add-opens", "java.base/java.net=ALL-UNNAMED",
              "--add-opens", "java.base/java.text=ALL-UNNAMED",
              "--add-opens", "java.base/java.io=ALL-UNNAMED"));

  /** Creates the subcommand. */
  public PeersCommand() {}

  @Override
  public String name() {
    return "peers";
  }

  @Override
  public String summary() {
    return "mixed Zipf workload over Redis: tiercache vs JetCache, Redisson, J2Cache, Lettuce,"
        + " Jedis, each in its own JVM";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    PeersOptions options;
    try {
      options = PeersOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println("run 'peers --help' for the options");
      return 2;
    }
    if (options.help) {
      out.println(PeersOptions.USAGE);
      return 0;
    }
    Path peersDir = options.peersDir != null ? options.peersDir : defaultPeersDir();
    Map<String, String> classPaths = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (String contender : options.contenders) {
      String classPath = classPath(contender, peersDir);
      if (classPath == null) {
        skipped.add(contender);
      } else {
        classPaths.put(contender, classPath);
      }
    }
    for (String contender : skipped) {
      err.println("peers: skipping " + contender + ": its module is not built under " + peersDir
          + " (build it with ./mvnw -B -o install -pl tiercache-bench/peers -amd)");
    }
    if (classPaths.isEmpty()) {
      err.println("peers: no contender to run");
      return 1;
    }
    List<Result> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Map<String, String> descriptions = new LinkedHashMap<>();
    String redisVersion;
    try (RedisServer redis = RedisServer.start()) {
      redisVersion = redis.info("redis_version").orElse("?");
      for (Map.Entry<String, String> contender : classPaths.entrySet()) {
        redis.call("FLUSHALL");
        int status =
            runContender(contender.getKey(), contender.getValue(), redis, options, results,
                descriptions, err);
        if (status != 0) {
          err.println("peers: " + contender.getKey() + " failed with status " + status);
          failed.add(contender.getKey());
        }
      }
    }
    String report = PeersReport.render(options, results, descriptions, skipped, failed,
        redisVersion, machine());
    out.print(report);
    if (options.out != null) {
      try {
        Files.writeString(options.out, report, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("peers: cannot write " + options.out + ": " + e);
        return 1;
      }
    }
    return failed.isEmpty() ? 0 : 1;
  }

  /** Runs one contender's JVM to its end, collecting its results; returns its exit status. */
  private static int runContender(
      String name,
      String classPath,
      RedisServer redis,
      PeersOptions options,
      List<Result> results,
      Map<String, String> descriptions,
      PrintStream err) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // SLF4J 2 otherwise says on every peer without a logging backend that it found none.
    command.add("-Dslf4j.internal.verbosity=ERROR");
    command.addAll(PEER_JVM_ARGS.getOrDefault(name, List.of()));
    command.addAll(options.jvmArgs);
    command.add("-cp");
    command.add(classPath);
    command.add("io.tiercache.bench.workload.ContenderMain");
    command.addAll(List.of(
        "--contender", name,
        "--redis", redis.host() + ":" + redis.port(),
        "--keys", Integer.toString(options.keys),
        "--l1", Integer.toString(options.l1),
        "--workloads", Workload.formatList(options.workloads),
        "--warmup-ms", Long.toString(options.warmupMillis),
        "--measure-ms", Long.toString(options.measureMillis),
        "--db-latency-us", Long.toString(options.dbLatencyMicros)));
    err.println("peers: starting " + name);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the JVM of " + name, e);
    }
    Thread errors = copy(process.getErrorStream(), err, name);
    long budget = TimeUnit.MINUTES.toMillis(10)
        + options.workloads.size() * (options.warmupMillis + options.measureMillis) * 2;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("@describe ")) {
          descriptions.put(name, line.substring("@describe ".length()));
        } else if (line.startsWith("{")) {
          results.add(Result.parse(line));
        } else {
          err.println("[" + name + "] " + line);
        }
      }
      if (!process.waitFor(budget, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        err.println("peers: " + name + " did not finish within " + budget + " ms");
        return 1;
      }
      errors.join(TimeUnit.SECONDS.toMillis(10));
      return process.exitValue();
    } catch (IOException e) {
      process.destroyForcibly();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static Thread copy(InputStream from, PrintStream to, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  to.println("[" + name + "] " + line);
                }
              } catch (IOException e) {
                to.println("[" + name + "] (standard error lost: " + e + ")");
              }
            },
            "peers-stderr-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Returns a contender's class path: the bench's own for tiercache and Lettuce alone, the peer
   * module's {@code target/classes} and {@code target/classpath.txt} otherwise; {@code null} if
   * that module is not built.
   */
  static @Nullable String classPath(String contender, Path peersDir) {
    if (IN_BENCH.contains(contender)) {
      return System.getProperty("java.class.path");
    }
    Path module = peersDir.resolve(contender);
    Path classes = module.resolve("target").resolve("classes");
    Path file = module.resolve("target").resolve("classpath.txt");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      return classes.toAbsolutePath() + File.pathSeparator
          + Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns {@code tiercache-bench/peers} as seen from where this class was loaded:
   * {@code tiercache-bench/target/tiercache-bench.jar} or {@code tiercache-bench/target/classes}.
   */
  static Path defaultPeersDir() {
    try {
      Path source =
          Path.of(PeersCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = source.getParent();
      Path module = target == null ? null : target.getParent();
      if (module != null) {
        return module.resolve("peers");
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    return Path.of("tiercache-bench", "peers");
  }

  /** Describes the machine: cores, CPU, OS, JDK and the load average now. */
  static String machine() {
    String cpu = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      cpu = System.getProperty("os.arch");
    }
    double[] load = new double[3];
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      for (int i = 0; i < 3; i++) {
        load[i] = Double.parseDouble(parts[i]);
      }
    } catch (IOException | RuntimeException e) {
      load[0] = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
    return String.format(Locale.ROOT,
        "%d cores, %s, %s %s; JDK %s %s; load average %.2f, %.2f, %.2f; %s",
        Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), load[0], load[1], load[2],
        LocalDate.now(ZoneOffset.UTC));
  }

}
