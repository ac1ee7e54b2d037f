package io.tiercache.bench.replay;

import io.tiercache.WritePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of {@code replay}, parsed and checked; every problem is reported at once.
 */
final class ReplayOptions {

  static final String USAGE =
      String.join(
          "\n",
          "usage: replay (--trace <file|folder>)... | --zipf skew=<s>,keys=<n>,length=<n>[,seed=<n>]",
          "              [options]",
          "",
          "Replays each trace through a two-tier stack (L1 of the given size, L2 unbounded; every",
          "miss loads the value through get(key, loader)) once per L1 tier, write policy and",
          "promotion strategy, and prints a Markdown report with Belady OPT, LRU and Caffeine",
          "alone at the same size for reference.",
          "",
          "  --trace <path>      a trace file (gzip, xz or plain; text integers, or big-endian",
          "                      int32/int64), or a folder: its *.gz, *.xz and *.trace files;",
          "                      repeatable",
          "  --format <f>        text, int32 or int64 (default: guessed; binary means int32)",
          "  --zipf <params>     a synthetic Zipf stream instead of (or besides) traces",
          "  --l1-size <size>    entries, or a percentage of the distinct keys, rounded down",
          "                      (default 5%)",
          "  --l1 <tiers>        caffeine, lru, or a tier URI with {size}; comma separated,",
          "                      repeatable (default caffeine,lru)",
          "  --l2 <uri>          the L2 tier (default unbounded://)",
          "  --write <policies>  write-through, write-around (default both)",
          "  --promote <rules>   promote values; <n>xL1 in a window means n times the L1 size in",
          "                      requests; 'default' leaves promote out (default: always,",
          "                      hit-count:2,hit-count:3,hit-rate:2/2xL1,hit-rate:2/4xL1,",
          "                      hit-rate:2/8xL1,default); comma separated, repeatable",
          "  --runs <n>          runs of each configuration with a Caffeine L1 (and of Caffeine",
          "                      alone), to show the spread its randomised admission gives",
          "                      (default 1)",
          "  --threads <n>       configurations replayed at once (default: the processors)",
          "  --no-references     skip Belady OPT, LRU and Caffeine alone",
          "  --footprint <keys>  also report the default strategy's footprint after this many",
          "                      distinct keys (an L1 of --l1-size, a percentage taken of <keys>)",
          "  --out <file>        also write the report to this file",
          "  --help              this text");

  static final List<String> DEFAULT_RULES =
      List.of(
          "always", "hit-count:2", "hit-count:3", "hit-rate:2/2xL1", "hit-rate:2/4xL1",
          "hit-rate:2/8xL1", Configuration.DEFAULT);

  final List<Path> traces = new ArrayList<>();
  @Nullable TraceFormat format;
  @Nullable ZipfStream zipf;
  double l1Fraction = 0.05;
  long l1Entries = -1;
  final List<L1Tier> l1 = new ArrayList<>();
  String l2 = "unbounded://";
  final List<WritePolicy> writes = new ArrayList<>();
  final List<String> rules = new ArrayList<>();
  int runs = 1;
  int threads = Runtime.getRuntime().availableProcessors();
  boolean references = true;
  long footprintKeys = -1;
  @Nullable Path out;
  boolean help;

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException listing every problem, one a line
   */
  static ReplayOptions parse(List<String> args) {
    ReplayOptions options = new ReplayOptions();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        options.help = true;
        continue;
      }
      if (arg.equals("--no-references")) {
        options.references = false;
        continue;
      }
      if (!arg.startsWith("--")) {
        problems.add("unexpected argument '" + arg + "'");
        continue;
      }
      if (i + 1 >= args.size()) {
        problems.add(arg + " needs a value");
        continue;
      }
      String value = args.get(++i);
      try {
        options.set(arg, value, problems);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!options.help) {
      if (options.traces.isEmpty() && options.zipf == null) {
        problems.add("give at least one --trace or a --zipf stream");
      }
      if (options.l1.isEmpty()) {
        options.l1.add(L1Tier.CAFFEINE);
        options.l1.add(L1Tier.LRU);
      }
      if (options.writes.isEmpty()) {
        options.writes.add(WritePolicy.WRITE_THROUGH);
        options.writes.add(WritePolicy.WRITE_AROUND);
      }
      if (options.rules.isEmpty()) {
        options.rules.addAll(DEFAULT_RULES);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return options;
  }

  private void set(String name, String value, List<String> problems) {
    switch (name) {
      case "--trace":
        addTraces(Path.of(value), problems);
        break;
      case "--format":
        format = TraceFormat.parse(value);
        break;
      case "--zipf":
        zipf = ZipfStream.parse(value);
        break;
      case "--l1-size":
        if (value.endsWith("%")) {
          double percent = parseNumber("--l1-size", value.substring(0, value.length() - 1));
          if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException(
                "--l1-size was '" + value + "' but a percentage must be above 0 and at most 100");
          }
          l1Fraction = percent / 100;
          l1Entries = -1;
        } else {
          l1Entries = parseCount(value);
          if (l1Entries < 1 || l1Entries > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "--l1-size was '" + value + "' but must be 1 to " + Integer.MAX_VALUE
                    + " entries, or a percentage like 5%");
          }
        }
        break;
      case "--l1":
        if (value.contains("{size}")) {
          l1.add(L1Tier.parse(value.trim())); // a URI, which may itself hold commas
        } else {
          for (String part : value.split(",")) {
            l1.add(L1Tier.parse(part.trim()));
          }
        }
        break;
      case "--l2":
        l2 = value;
        break;
      case "--write":
        for (String part : value.split(",")) {
          writes.add(parseWrite(part.trim()));
        }
        break;
      case "--promote":
        for (String part : value.split("[,;]")) {
          if (!part.isBlank()) {
            rules.add(part.trim());
          }
        }
        break;
      case "--runs":
        runs = (int) positive("--runs", value, 1000);
        break;
      case "--threads":
        threads = (int) positive("--threads", value, 1024);
        break;
      case "--footprint":
        footprintKeys = positive("--footprint", value, Integer.MAX_VALUE);
        break;
      case "--out":
        out = Path.of(value);
        break;
      default:
        problems.add(
            "unknown option '" + name + "'; options: --trace, --format, --zipf, --l1-size, --l1,"
                + " --l2, --write, --promote, --runs, --threads, --no-references, --footprint,"
                + " --out, --help");
    }
  }

  private void addTraces(Path path, List<String> problems) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        List<Path> found =
            files
                .filter(Files::isRegularFile)
                .filter(
                    p -> {
                      String name = p.getFileName().toString();
                      return name.endsWith(".gz") || name.endsWith(".xz")
                          || name.endsWith(".trace");
                    })
                .sorted()
                .toList();
        if (found.isEmpty()) {
          problems.add("--trace folder '" + path + "' holds no *.gz, *.xz or *.trace file");
        }
        traces.addAll(found);
      } catch (java.io.IOException e) {
        problems.add("--trace folder '" + path + "' cannot be listed: " + e.getMessage());
      }
    } else if (Files.isReadable(path)) {
      traces.add(path);
    } else {
      problems.add("--trace '" + path + "' is not a readable file or folder");
    }
  }

  /** The L1 size for a trace of {@code distinct} keys: a percentage is rounded down. */
  long l1SizeFor(long distinct) {
    if (l1Entries > 0) {
      return l1Entries;
    }
    return Math.max(1, (long) Math.floor(distinct * l1Fraction + 1e-9));
  }

  /** The L1 size as the report states it. */
  String l1SizeLabel() {
    if (l1Entries > 0) {
      return l1Entries + " entries";
    }
    return trimmed(l1Fraction * 100) + "% of the distinct keys";
  }

  static String trimmed(double value) {
    String text = String.format(Locale.ROOT, "%.4f", value);
    return text.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  static WritePolicy parseWrite(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "write-through":
        return WritePolicy.WRITE_THROUGH;
      case "write-around":
        return WritePolicy.WRITE_AROUND;
      default:
        throw new IllegalArgumentException(
            "--write was '" + text + "' but must be write-through or write-around");
    }
  }

  /** Parses a count written as digits, with optional '_' or ',' separators, or as 1e6. */
  static long parseCount(String text) {
    String cleaned = text.replace("_", "").replace(",", "");
    if (cleaned.matches("[0-9]+(\\.[0-9]+)?[eE][0-9]+")) {
      double value = Double.parseDouble(cleaned);
      if (value != Math.rint(value) || value > Long.MAX_VALUE) {
        throw new NumberFormatException(text);
      }
      return (long) value;
    }
    return Long.parseLong(cleaned);
  }

  private static double parseNumber(String name, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " was '" + text + "' but must be a number", e);
    }
  }

  private static long positive(String name, String text, long max) {
    long value;
    try {
      value = parseCount(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " was '" + text + "' but must be a whole number from 1 to " + max, e);
    }
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          name + " was '" + text + "' but must be a whole number from 1 to " + max);
    }
    return value;
  }
}
