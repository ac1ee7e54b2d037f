package io.tiercache.bench.demo;

import io.tiercache.config.NearestName;
import io.tiercache.config.OptionType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The demo's command-line options, checked. {@link #parse} reports every problem at once; an
 * unknown option names the nearest known one and lists them all.
 */
final class DemoOptions {

  /** The option list printed by {@code demo --help}. */
  static final String USAGE =
      String.join(
          "\n",
          "usage: demo [options]",
          "",
          "Runs Zipf-distributed reads with some writes through a tiered cache in front of a slow,",
          "simulated database, with a progress bar; then prints what each tier answered and how",
          "fast, and draws a chart of hit ratio and latency per tier over the run.",
          "",
          "  --duration <d>     how long the workload runs, like 30s or 2m (default 20s)",
          "  --threads <n>      client threads (default 8)",
          "  --keys <n>         distinct keys, like 100000 or 1M (default 100k)",
          "  --skew <s>         Zipf exponent of the key popularity (default 0.99)",
          "  --writes <p>       percent of operations that are writes (default 5)",
          "  --db-latency <d>   how long the database takes per load, like 500ms (default 2ms)",
          "  --tiers <stack>    the tier stack, L1 first, URIs joined by '|' (default: Caffeine",
          "                     over a persistent Ehcache disk tier in --dir)",
          "  --dir <folder>     where the default stack's Ehcache store and the chart go",
          "                     (default: a new folder in the system's temp folder)",
          "  --out <file.png>   where the chart goes (default: <dir>/tiercache-demo.png)",
          "  --keep             keep the Ehcache store after the run (deleted by default); a",
          "                     later run with the same --dir starts from it, warm",
          "  --seed <n>         seed of the workload's random keys (default 42)",
          "  --help             prints this text",
          "",
          "Example: demo --duration 30s --threads 4 --keys 100000",
          "         demo --tiers \"caffeine://?maximumSize=1000 | ehcache:heap?entries=20000\"");

  /** Option names and whether each takes a value. */
  private static final Map<String, Boolean> OPTIONS = new LinkedHashMap<>();

  static {
    for (String name :
        List.of(
            "--duration", "--threads", "--keys", "--skew", "--writes", "--db-latency", "--tiers",
            "--dir", "--out", "--seed")) {
      OPTIONS.put(name, true);
    }
    OPTIONS.put("--keep", false);
    OPTIONS.put("--help", false);
  }

  Duration duration = Duration.ofSeconds(20);
  int threads = 8;
  int keys = 100_000;
  double skew = 0.99;
  double writePercent = 5;
  Duration dbLatency = Duration.ofMillis(2);
  @Nullable String tiers;
  @Nullable Path dir;
  @Nullable Path out;
  boolean keep;
  long seed = 42;
  boolean help;

  private DemoOptions() {}

  /**
   * Parses the arguments after {@code demo}, as {@code --name value} or {@code --name=value}.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException listing every problem, one a line
   */
  static DemoOptions parse(List<String> args) {
    DemoOptions options = new DemoOptions();
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean unknown = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h")) {
        arg = "--help";
      }
      if (!arg.startsWith("--")) {
        problems.add("unexpected argument '" + arg + "': options start with --");
        unknown = true;
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String value = equals < 0 ? null : arg.substring(equals + 1);
      Boolean takesValue = OPTIONS.get(name);
      if (takesValue == null) {
        String hint =
            NearestName.of(name, OPTIONS.keySet()).map(n -> " (did you mean " + n + "?)")
                .orElse("");
        problems.add("unknown option " + name + hint);
        unknown = true;
        if (value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
          i++; // most likely its value: one problem is enough
        }
        continue;
      }
      if (!seen.add(name)) {
        problems.add(name + " is given twice");
      }
      if (!takesValue) {
        if (value != null) {
          problems.add(name + " takes no value, but was given '" + value + "'");
        } else if (name.equals("--keep")) {
          options.keep = true;
        } else {
          options.help = true;
        }
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          problems.add(name + " needs a value");
          continue;
        }
        value = args.get(++i);
      }
      try {
        options.set(name, value);
      } catch (IllegalArgumentException e) {
        problems.add(name + " was '" + value + "' but must be " + e.getMessage());
      }
    }
    if (options.keep && options.tiers != null) {
      problems.add(
          "--keep keeps the default stack's Ehcache store, and --tiers replaces that stack;"
              + " give one of them");
    }
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder("demo: ").append(String.join("\n  ", problems));
      if (unknown) {
        message.append("\n  options: ").append(String.join(", ", OPTIONS.keySet()));
      }
      throw new IllegalArgumentException(message.toString());
    }
    return options;
  }

  private void set(String name, String value) {
    switch (name) {
      case "--duration":
        duration = OptionType.duration(false).parse(value);
        if (duration.compareTo(Duration.ofDays(1)) > 0) {
          throw new IllegalArgumentException("at most 1d");
        }
        break;
      case "--threads":
        threads = (int) count(value, 1, 1024);
        break;
      case "--keys":
        keys = (int) count(value, 1, 100_000_000);
        break;
      case "--skew":
        skew = number(value, 0, 10, "a number from 0 (uniform) to 10, like 0.99");
        break;
      case "--writes":
        String percent = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
        writePercent = number(percent, 0, 100, "a percentage from 0 to 100, like 5 or 5%");
        break;
      case "--db-latency":
        dbLatency = OptionType.duration(true).parse(value);
        if (dbLatency.compareTo(Duration.ofSeconds(10)) > 0) {
          throw new IllegalArgumentException("at most 10s");
        }
        break;
      case "--tiers":
        if (value.isBlank()) {
          throw new IllegalArgumentException(
              "a stack of tier URIs, L1 first, joined by '|', like"
                  + " 'caffeine://?maximumSize=1000 | ehcache:heap?entries=10000'");
        }
        tiers = value;
        break;
      case "--dir":
        dir = path(value);
        break;
      case "--out":
        if (!value.toLowerCase(Locale.ROOT).endsWith(".png")) {
          throw new IllegalArgumentException("a file name ending in .png");
        }
        out = path(value);
        break;
      case "--seed":
        try {
          seed = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("a whole number");
        }
        break;
      default:
        throw new AssertionError(name);
    }
  }

  /** Parses a whole number, with an optional {@code k} (thousand) or {@code M} (million). */
  private static long count(String text, long min, long max) {
    String form = "a whole number from " + min + " to " + max + ", like 1000, 100k or 1M";
    long factor = 1;
    String digits = text;
    if (text.endsWith("k") || text.endsWith("K")) {
      factor = 1_000;
      digits = text.substring(0, text.length() - 1);
    } else if (text.endsWith("M") || text.endsWith("m")) {
      factor = 1_000_000;
      digits = text.substring(0, text.length() - 1);
    }
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(digits.replace("_", "")), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(form);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(form);
    }
    return value;
  }

  private static double number(String text, double min, double max, String form) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(form);
    }
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(form);
    }
    return value;
  }

  private static Path path(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("a path");
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("a valid path (" + e.getReason() + ")");
    }
  }
}
