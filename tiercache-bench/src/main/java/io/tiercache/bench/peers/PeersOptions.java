package io.tiercache.bench.peers;

import io.tiercache.bench.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The command line of {@code peers}. */
final class PeersOptions {

  static final List<String> ALL_CONTENDERS =
      List.of("tiercache", "lettuce", "jedis", "jetcache", "redisson", "j2cache");

  static final String USAGE =
      String.join(
          "\n",
          "usage: peers [options]",
          "",
          "Runs a Zipf workload over Redis (a redis-server this command starts) through each",
          "contender, each in its own JVM, and prints a Markdown report.",
          "",
          "  --contenders <list>   comma-separated, of " + String.join(", ", ALL_CONTENDERS),
          "                        (default: all; peers whose module is not built are skipped)",
          "  --keys <n>            distinct keys, each with a 100-byte value (default 1000000)",
          "  --l1 <n>              entries of each contender's in-process tier (default 10000)",
          "  --workloads <list>    <read percent>:<threads>,... (default 100:2,100:32,95:2,95:32)",
          "  --warmup <duration>   before each measurement, such as 10s or 500ms (default 10s)",
          "  --measure <duration>  each measurement (default 20s)",
          "  --db-latency-us <n>   how long the simulated database takes per load (default 0)",
          "  --jvm-args <args>     for every contender's JVM (default \"-Xms1g -Xmx1g\")",
          "  --peers-dir <dir>     the peer modules (default: tiercache-bench/peers next to this",
          "                        jar)",
          "  --out <file>          also write the report there");

  List<String> contenders = ALL_CONTENDERS;
  int keys = 1_000_000;
  int l1 = 10_000;
  List<Workload> workloads =
      List.of(new Workload(100, 2), new Workload(100, 32), new Workload(95, 2),
          new Workload(95, 32));
  long warmupMillis = 10_000;
  long measureMillis = 20_000;
  long dbLatencyMicros;
  List<String> jvmArgs = List.of("-Xms1g", "-Xmx1g");
  @Nullable Path peersDir;
  @Nullable Path out;
  boolean help;

  private PeersOptions() {}

  static PeersOptions parse(List<String> args) {
    PeersOptions options = new PeersOptions();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        options.help = true;
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("peers: " + arg + " needs a value");
      }
      String value = args.get(++i);
      try {
        switch (arg) {
          case "--contenders":
            List<String> named = new ArrayList<>();
            for (String name : value.split(",")) {
              String trimmed = name.trim().toLowerCase(Locale.ROOT);
              if (!ALL_CONTENDERS.contains(trimmed)) {
                throw new IllegalArgumentException(
                    "peers: unknown contender '" + name + "'; known: " + ALL_CONTENDERS);
              }
              named.add(trimmed);
            }
            options.contenders = List.copyOf(named);
            break;
          case "--keys":
            options.keys = positive(arg, Integer.parseInt(value));
            break;
          case "--l1":
            options.l1 = positive(arg, Integer.parseInt(value));
            break;
          case "--workloads":
            options.workloads = Workload.parseList(value);
            break;
          case "--warmup":
            options.warmupMillis = millis(arg, value);
            break;
          case "--measure":
            options.measureMillis = Math.max(1, millis(arg, value));
            break;
          case "--db-latency-us":
            options.dbLatencyMicros = Math.max(0, Long.parseLong(value));
            break;
          case "--jvm-args":
            options.jvmArgs = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
            break;
          case "--peers-dir":
            options.peersDir = Path.of(value);
            break;
          case "--out":
            options.out = Path.of(value);
            break;
          default:
            throw new IllegalArgumentException("peers: unknown option " + arg);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("peers: " + arg + " was '" + value
            + "' but must be a number", e);
      }
    }
    return options;
  }

  private static int positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("peers: " + option + " was " + value
          + " but must be at least 1");
    }
    return value;
  }

  /** Parses {@code 250ms}, {@code 10s} or {@code 2m}. */
  static long millis(String option, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.endsWith("ms")) {
        return Long.parseLong(value.substring(0, value.length() - 2));
      }
      if (value.endsWith("s")) {
        return Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000);
      }
      if (value.endsWith("m")) {
        return Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "peers: " + option + " was '" + text + "' but must be a duration such as 500ms, 10s, 2m");
  }
}
