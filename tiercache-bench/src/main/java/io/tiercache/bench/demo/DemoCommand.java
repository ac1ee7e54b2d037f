package io.tiercache.bench.demo;

import io.tiercache.BackendRegistry;
import io.tiercache.CacheStats;
import io.tiercache.TierSpec;
import io.tiercache.TierStats;
import io.tiercache.TieredCache;
import io.tiercache.bench.Subcommand;
import io.tiercache.codec.ValueCodec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.Option;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code demo}: the README's first command. Runs a realistic workload (Zipf-distributed reads with
 * some writes, misses loaded from a slow simulated database) through a real {@link TieredCache}
 * with a progress bar, then prints a table per tier (requests, hits, hit ratio, promotions, p50
 * and p99 latency of the reads it answered, loads avoided) and writes a PNG chart of hit ratio and
 * latency per tier over the run, printing its path.
 *
 * <p>The default stack needs no server: Caffeine over a persistent Ehcache disk tier in a new
 * temporary folder, deleted at the end unless {@code --keep}. {@code --tiers} runs any other
 * stack. See {@link DemoOptions#USAGE} for every option.
 */
public final class DemoCommand implements Subcommand {

  /** The chart's file name in the run's folder when {@code --out} is not given. */
  static final String CHART_NAME = "tiercache-demo.png";

  /** The default stack's Ehcache folder, inside the run's folder. */
  static final String STORE_NAME = "ehcache";

  /** Libraries that log progress at INFO; the demo keeps only their warnings. */
  private static final List<String> NOISY_LOGGERS =
      List.of("org.ehcache", "org.terracotta", "com.hazelcast", "io.lettuce", "io.netty",
          "reactor");

  /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
  private static final List<Logger> QUIETED = new ArrayList<>();

  /** Creates the subcommand. */
  public DemoCommand() {}

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "runs a Zipf workload through a tier stack; per-tier table and a PNG chart";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println("run 'demo --help' for the options");
      return 2;
    }
    if (options.help) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    quietLibraries();
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    // On Ctrl-C: end the workload early, and let the run report and clean up before exiting.
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                finished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tiercache-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return demo(options, stop, out, err);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is running and has just been released.
      }
    }
  }

  private static int demo(DemoOptions options, AtomicBoolean stop, PrintStream out,
      PrintStream err) {
    Path dir;
    boolean createdDir = false;
    try {
      if (options.dir != null) {
        dir = Files.createDirectories(options.dir);
      } else {
        dir = Files.createTempDirectory("tiercache-demo-");
        createdDir = true;
      }
    } catch (IOException e) {
      err.println("demo: cannot create the folder " + (options.dir != null ? options.dir : "in "
          + System.getProperty("java.io.tmpdir")) + ": " + e);
      return 1;
    }
    @Nullable Path store = options.tiers == null ? dir.resolve(STORE_NAME).toAbsolutePath() : null;
    Path chart = options.out != null ? options.out : dir.resolve(CHART_NAME);
    String stack = options.tiers != null ? options.tiers : defaultStack(store, options.keys);
    // Only a store this run opened is deleted or reported: one that failed to open may be another
    // process's, in use.
    AtomicBoolean opened = new AtomicBoolean();
    try {
      return demo(options, stack, chart, stop, opened, out, err);
    } finally {
      if (store != null && opened.get()) {
        if (options.keep) {
          out.println("The Ehcache store is kept in " + store + " (run again with --dir " + dir
              + " to start warm).");
        } else {
          deleteTree(store, err);
        }
      }
      if (createdDir) {
        deleteIfEmpty(dir);
      }
    }
  }

  private static int demo(
      DemoOptions options,
      String stack,
      Path chart,
      AtomicBoolean stop,
      AtomicBoolean opened,
      PrintStream out,
      PrintStream err) {
    BackendRegistry registry = BackendRegistry.load();
    List<TierSpec> specs;
    try {
      specs = registry.check(stack);
    } catch (IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      return 2;
    }
    Stack built;
    try {
      built = Stack.open(registry, specs);
    } catch (RuntimeException e) {
      err.println("demo: cannot open the stack: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    }
    opened.set(true);
    TieredCache<String> cache = built.cache();

    String workload = describe(options);
    out.println("tiercache demo: " + workload);
    for (TierSpec spec : specs) {
      out.println("  L" + spec.level() + "  " + spec.uri().redacted());
    }
    out.println();
    out.flush();

    SimulatedDatabase database = new SimulatedDatabase(options.keys, options.dbLatency);
    ProgressBar progress = new ProgressBar(err, isTerminal(), options.duration.toNanos());
    Workload.Result result;
    CacheStats stats;
    try (cache) {
      result = new Workload(cache, built.attribution(), database, options, stop).run(progress);
      stats = cache.stats();
    } catch (RuntimeException e) {
      err.println("demo: the run failed: " + e.getMessage());
      e.printStackTrace(err);
      return 1;
    }
    out.println();
    out.print(DemoReport.format(stats, result, options.dbLatency));
    out.println();
    if (result.stoppedEarly()) {
      // Stopped by Ctrl-C: the JVM is shutting down, and AWT cannot start then.
      out.println("Stopped early: no chart.");
      return 1;
    }
    List<String> names = new ArrayList<>();
    for (TierStats tier : stats.tiers()) {
      names.add(tier.name());
    }
    try {
      DemoChart.write(chart, caption(options), names, result.timeline());
    } catch (IOException | RuntimeException | Error e) {
      // An Error too: a JDK without its graphics libraries fails here with a LinkageError.
      err.println("demo: could not write the chart " + chart + ": " + e);
      return 1;
    }
    out.println("Chart (hit ratio and p99 latency per tier, each second): "
        + chart.toAbsolutePath());
    out.flush();
    return 0;
  }

  /**
   * A cache built on tiers wrapped for attribution.
   *
   * @param cache the cache, which owns the tiers
   * @param attribution the attribution its tiers report hits to
   * @param tiers the wrapped tiers, L1 first
   */
  record Stack(
      TieredCache<String> cache, TierAttribution attribution, List<CacheBackend<String>> tiers) {

    /**
     * Opens checked tiers, wraps each for attribution and builds the cache on them with their
     * common options. The tiers are opened here rather than from the stack string so that each can
     * be wrapped (see {@link TierAttribution}).
     *
     * @param registry the registry that checked the tiers
     * @param specs the checked tiers, L1 first
     * @return the stack
     * @throws RuntimeException if a tier cannot be opened or the cache cannot be built; the tiers
     *     already opened are closed
     */
    static Stack open(BackendRegistry registry, List<TierSpec> specs) {
      ValueCodec<String> codec = ValueCodec.utf8();
      List<CacheBackend<String>> opened = new ArrayList<>();
      try {
        for (TierSpec spec : specs) {
          opened.add(registry.open(spec, codec, TierClock.system(), TierEvents.NONE));
        }
        boolean remote = false;
        for (CacheBackend<String> backend : opened) {
          remote |= !(backend instanceof LocalCacheBackend);
        }
        TierAttribution attribution = new TierAttribution(remote);
        List<CacheBackend<String>> wrapped = new ArrayList<>();
        TieredCache.Builder<String> builder = TieredCache.builder(codec).registry(registry);
        for (int i = 0; i < opened.size(); i++) {
          wrapped.add(attribution.wrap(opened.get(i), i));
          builder.tier(wrapped.get(i), commonOptions(specs.get(i)));
        }
        return new Stack(builder.build(), attribution, List.copyOf(wrapped));
      } catch (RuntimeException e) {
        for (int i = opened.size() - 1; i >= 0; i--) {
          try {
            opened.get(i).close();
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }
  }

  /**
   * Returns the default stack: Caffeine over a persistent Ehcache disk tier in {@code store}, sized
   * for the key count (L1 holds 2% of the keys; the disk tier all of them).
   *
   * @param store the Ehcache folder
   * @param keys the number of distinct keys
   * @return the stack, as {@code --tiers} would take it
   */
  static String defaultStack(Path store, int keys) {
    long l1 = Math.max(10, keys / 50);
    long heap = Math.max(10, keys / 100);
    long diskMegabytes = Math.max(256, (long) keys * 2048 / (1 << 20) + 1);
    String path = store.toAbsolutePath().toUri().getRawPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return "caffeine://?maximumSize=" + l1 + " | ehcache:" + path + "?entries=" + heap + "&disk="
        + diskMegabytes + "MB&persistent=true";
  }

  /** The common options of a checked tier, as {@link TieredCache.Builder#tier} takes them. */
  private static String commonOptions(TierSpec spec) {
    Set<String> common = new HashSet<>();
    for (Option<?> option : CommonOptions.ALL) {
      common.add(option.name());
    }
    StringJoiner query = new StringJoiner("&");
    spec.uri().parameters().forEach(
        (name, value) -> {
          if (common.contains(name) && !name.equals(CommonOptions.NAME.name())) {
            query.add(name + "=" + encode(value));
          }
        });
    query.add(CommonOptions.NAME.name() + "=" + encode(spec.name()));
    return query.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(DemoOptions options) {
    return String.format(
        Locale.ROOT,
        "%s of Zipf %s reads over %s keys, %s%% writes, %d threads; the database takes %s a load",
        options.duration.toMillis() % 1000 == 0
            ? options.duration.toSeconds() + " s"
            : options.duration.toMillis() + " ms",
        trim(options.skew),
        DemoReport.count(options.keys),
        trim(options.writePercent),
        options.threads,
        latency(options));
  }

  /** A short description of the workload, for the chart. */
  private static String caption(DemoOptions options) {
    return String.format(
        Locale.ROOT,
        "Zipf %s, %s keys, %s%% writes, %d threads, database %s",
        trim(options.skew),
        DemoReport.count(options.keys),
        trim(options.writePercent),
        options.threads,
        latency(options));
  }

  private static String latency(DemoOptions options) {
    long nanos = options.dbLatency.toNanos();
    return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : DemoReport.nanos(nanos);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** Tells whether standard error is a terminal that shows a bar redrawn in place. */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22 and later return a console even when redirected, and say so with isTerminal().
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static synchronized void quietLibraries() {
    if (!QUIETED.isEmpty()) {
      return;
    }
    for (String name : NOISY_LOGGERS) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }

  private static void deleteTree(Path root, PrintStream err) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      err.println("demo: could not delete " + root + ": " + e);
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Not empty: it holds the chart.
    }
  }

  @Override
  public String toString() {
    return "demo";
  }
}
