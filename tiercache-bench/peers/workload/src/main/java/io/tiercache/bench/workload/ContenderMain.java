package io.tiercache.bench.workload;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of one contender's JVM. Usage:
 *
 * <pre>
 * java -cp &lt;the contender's class path&gt; io.tiercache.bench.workload.ContenderMain \
 *     --contender &lt;name&gt; --redis &lt;host&gt;:&lt;port&gt; [--keys 1000000] [--l1 10000]
 *     [--workloads 100:2,100:32,95:2,95:32] [--warmup-ms 10000] [--measure-ms 20000]
 *     [--skew 0.99] [--seed 42] [--db-latency-us 0] [--no-preload]
 * </pre>
 *
 * <p>It finds the contender, connects it, has it preload every key (unless told not to), then runs
 * each workload ({@code <read percent>:<threads>}) and prints, on standard output, one line
 * {@code @describe <what is measured>} and then one JSON line per workload ({@link Result});
 * anything else goes to standard error. Exits 0 on success, 2 for a usage error, 1 for a failure.
 */
public final class ContenderMain {

  /** The length of the key sequence every thread walks, at a different offset. */
  static final int SEQUENCE_LENGTH = 1 << 22;

  /** The highest latency recorded, in nanoseconds: one minute. */
  private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** One read in this many is checked against the key's value. */
  private static final int CHECK_EVERY = 64;

  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private ContenderMain() {}

  /**
   * Runs a contender.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) {
    int status = run(List.of(args), System.out, System.err);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Runs a contender without exiting.
   *
   * @param args see the class documentation
   * @param out where the description and the JSON lines go
   * @param err where progress and errors go
   * @return the exit status
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    Contender contender = find(options.contender);
    if (contender == null) {
      List<String> names = new ArrayList<>();
      for (Contender each : ServiceLoader.load(Contender.class)) {
        names.add(each.name());
      }
      err.println("no contender '" + options.contender + "' on this class path; found " + names);
      return 2;
    }
    Dataset dataset = new Dataset(options.keys);
    SimulatedDatabase database =
        new SimulatedDatabase(dataset, TimeUnit.MICROSECONDS.toNanos(options.dbLatencyMicros));
    Settings settings =
        new Settings(options.host, options.port, dataset, options.l1, database);
    long started = System.nanoTime();
    ZipfSequence sequence =
        new ZipfSequence(options.keys, options.skew, SEQUENCE_LENGTH, options.seed);
    out.println("@describe " + contender.describe());
    try (Contender.Client client = contender.open(settings)) {
      if (options.preload) {
        long preloadStart = System.nanoTime();
        client.preload();
        err.printf(Locale.ROOT, "%s: preloaded %,d keys in %.1f s%n", contender.name(),
            options.keys, (System.nanoTime() - preloadStart) / 1e9);
      }
      for (Workload workload : options.workloads) {
        Result result =
            measure(contender.name(), client, settings, sequence, workload, options.warmupMillis,
                options.measureMillis);
        out.println(result.toJson());
        out.flush();
        err.printf(Locale.ROOT, "%s: %s: %,.0f ops/s, p50 %.1f us, p99 %.1f us%n",
            contender.name(), workload.label(), result.opsPerSecond(), result.p50Micros(),
            result.p99Micros());
      }
    } catch (Exception e) {
      err.println(contender.name() + " failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
    err.printf(Locale.ROOT, "%s: done in %.1f s%n", contender.name(),
        (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private static @Nullable Contender find(String name) {
    for (Contender each : ServiceLoader.load(Contender.class)) {
      if (each.name().equals(name)) {
        return each;
      }
    }
    return null;
  }

  /**
   * Runs one workload: every thread walks the key sequence from its own offset, reading (and
   * writing {@code 100 - readPercent} operations in a hundred) until the warm-up, then the
   * measurement, is over.
   */
  static Result measure(
      String name,
      Contender.Client client,
      Settings settings,
      ZipfSequence sequence,
      Workload workload,
      long warmupMillis,
      long measureMillis) {
    Dataset dataset = settings.dataset();
    AtomicInteger phase = new AtomicInteger(WARMUP);
    int threads = workload.threads();
    Histogram[] histograms = new Histogram[threads];
    long[] ops = new long[threads];
    long[] wrong = new long[threads];
    Throwable[] failures = new Throwable[threads];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      histograms[t] = new Histogram(HIGHEST_NANOS, 3);
      long offset = (long) t * (sequence.length() / threads);
      Thread worker =
          new Thread(
              () -> {
                Histogram histogram = histograms[id];
                long position = offset;
                boolean measuring = false;
                long count = 0;
                long bad = 0;
                try {
                  while (true) {
                    int now = phase.get();
                    if (now == STOP) {
                      break;
                    }
                    if (now == MEASURE && !measuring) {
                      measuring = true;
                      histogram.reset();
                      count = 0;
                      bad = 0;
                    }
                    int index = sequence.at(position);
                    String key = dataset.key(index);
                    boolean write = isWrite(position, workload.readPercent());
                    long start = System.nanoTime();
                    if (write) {
                      client.put(key, Dataset.value(index));
                      histogram.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - start));
                    } else {
                      String value = client.get(key);
                      histogram.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - start));
                      if (position % CHECK_EVERY == 0 && !Dataset.value(index).equals(value)) {
                        bad++;
                      }
                    }
                    count++;
                    position++;
                  }
                } catch (Throwable e) {
                  failures[id] = e;
                }
                ops[id] = measuring ? count : 0;
                wrong[id] = bad;
              },
              name + "-client-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    pause(warmupMillis);
    long loadsBefore = settings.database().loads();
    long commandsBefore = RedisStats.commandsProcessed(settings.redisHost(), settings.redisPort());
    long start = System.nanoTime();
    phase.set(MEASURE);
    pause(measureMillis);
    phase.set(STOP);
    long elapsed = System.nanoTime() - start;
    for (Thread worker : workers) {
      try {
        worker.join(TimeUnit.MINUTES.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (worker.isAlive()) {
        throw new IllegalStateException(worker.getName() + " did not stop within 2 minutes");
      }
    }
    long commands =
        RedisStats.commandsProcessed(settings.redisHost(), settings.redisPort()) - commandsBefore;
    for (Throwable failure : failures) {
      if (failure != null) {
        throw new IllegalStateException(name + " failed during " + workload.label(), failure);
      }
    }
    Histogram all = new Histogram(HIGHEST_NANOS, 3);
    long total = 0;
    long totalWrong = 0;
    for (int t = 0; t < threads; t++) {
      all.add(histograms[t]);
      total += ops[t];
      totalWrong += wrong[t];
    }
    return new Result(
        name,
        workload,
        total,
        elapsed / 1e9,
        all.getValueAtPercentile(50) / 1e3,
        all.getValueAtPercentile(99) / 1e3,
        all.getValueAtPercentile(99.9) / 1e3,
        all.getMaxValue() / 1e3,
        total == 0 ? 0 : (double) commands / total,
        settings.database().loads() - loadsBefore,
        totalWrong,
        client.stats());
  }

  /** Whether the operation at a position of the sequence is a write, the same for everyone. */
  static boolean isWrite(long position, int readPercent) {
    if (readPercent >= 100) {
      return false;
    }
    long mixed = position * 0x9E3779B97F4A7C15L;
    mixed ^= mixed >>> 29;
    return Long.remainderUnsigned(mixed, 100) >= readPercent;
  }

  private static void pause(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** The command line. */
  static final class Options {
    String contender = "";
    String host = "127.0.0.1";
    int port;
    int keys = 1_000_000;
    int l1 = 10_000;
    List<Workload> workloads =
        List.of(new Workload(100, 2), new Workload(100, 32), new Workload(95, 2),
            new Workload(95, 32));
    long warmupMillis = 10_000;
    long measureMillis = 20_000;
    double skew = 0.99;
    long seed = 42;
    long dbLatencyMicros;
    boolean preload = true;

    static Options parse(List<String> args) {
      Options options = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--no-preload")) {
          options.preload = false;
          continue;
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("option " + arg + " needs a value");
        }
        String value = args.get(++i);
        try {
          switch (arg) {
            case "--contender":
              options.contender = value;
              break;
            case "--redis":
              int colon = value.lastIndexOf(':');
              options.host = value.substring(0, colon);
              options.port = Integer.parseInt(value.substring(colon + 1));
              break;
            case "--keys":
              options.keys = Integer.parseInt(value);
              break;
            case "--l1":
              options.l1 = Integer.parseInt(value);
              break;
            case "--workloads":
              options.workloads = Workload.parseList(value);
              break;
            case "--warmup-ms":
              options.warmupMillis = Long.parseLong(value);
              break;
            case "--measure-ms":
              options.measureMillis = Long.parseLong(value);
              break;
            case "--skew":
              options.skew = Double.parseDouble(value);
              break;
            case "--seed":
              options.seed = Long.parseLong(value);
              break;
            case "--db-latency-us":
              options.dbLatencyMicros = Long.parseLong(value);
              break;
            default:
              throw new IllegalArgumentException("unknown option " + arg);
          }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new IllegalArgumentException("bad value '" + value + "' for " + arg, e);
        }
      }
      if (options.contender.isEmpty() || options.port <= 0) {
        throw new IllegalArgumentException("--contender and --redis are required");
      }
      return options;
    }
  }
}
