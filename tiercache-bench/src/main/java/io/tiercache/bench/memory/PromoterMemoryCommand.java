package io.tiercache.bench.memory;

import io.tiercache.PromotionStrategies;
import io.tiercache.bench.Subcommand;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.spi.TierClock;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code promoter-memory}: feeds a number of distinct keys (10,000,000 by default) through
 * promotion strategies of an L1 of a given size, as reads that miss L1 and hit below (every
 * strategy is told of the access, asked whether to promote, and asked whether to admit a write
 * one time in eight), and reports for each its own footprint before and after, and the retained
 * heap the JVM measures (used heap after a full collection, with the strategy reachable, less
 * the same without it). Strategies: {@code adaptive} (the default) over a tier that admits by
 * frequency (Caffeine) and over a recency-only one (LRU), and the fixed rules given with
 * {@code --strategies}.
 */
public final class PromoterMemoryCommand implements Subcommand {

  static final String USAGE =
      String.join(
          "\n",
          "usage: promoter-memory [--keys <n>] [--l1 <n>] [--strategies <spec,...>]",
          "",
          "  --keys <n>        distinct keys fed through each strategy (default 10000000)",
          "  --l1 <n>          entries of the L1 the strategies serve (default 10000)",
          "  --strategies <s>  promote specs besides the default, comma-separated",
          "                    (default hit-rate:2/40000r,hit-count:3)");

  /** The promoter-memory goal of the issue: 1 MiB. */
  static final long GOAL_BYTES = 1L << 20;

  /** Creates the subcommand. */
  public PromoterMemoryCommand() {}

  @Override
  public String name() {
    return "promoter-memory";
  }

  @Override
  public String summary() {
    return "memory of promotion strategies after millions of distinct keys";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    long keys = 10_000_000;
    long l1 = 10_000;
    List<String> fixed = List.of("hit-rate:2/40000r", "hit-count:3");
    try {
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--help") || arg.equals("-h")) {
          out.println(USAGE);
          return 0;
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("promoter-memory: " + arg + " needs a value");
        }
        String value = args.get(++i);
        switch (arg) {
          case "--keys":
            keys = Long.parseLong(value);
            break;
          case "--l1":
            l1 = Long.parseLong(value);
            break;
          case "--strategies":
            fixed = value.isBlank() ? List.of() : List.of(value.split(","));
            break;
          default:
            throw new IllegalArgumentException("promoter-memory: unknown option " + arg);
        }
      }
      if (keys < 1 || l1 < 1) {
        throw new IllegalArgumentException("promoter-memory: --keys and --l1 must be positive");
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    PromotionStrategies strategies = PromotionStrategies.load();
    List<Row> rows = new ArrayList<>();
    rows.add(measure(strategies, "adaptive", true, l1, keys));
    rows.add(measure(strategies, "adaptive", false, l1, keys));
    for (String spec : fixed) {
      try {
        rows.add(measure(strategies, spec.trim(), true, l1, keys));
      } catch (IllegalArgumentException e) {
        err.println("promoter-memory: " + e.getMessage());
        return 2;
      }
    }
    out.printf(Locale.ROOT, "Promoter memory for an L1 of %,d entries after %,d distinct keys%n%n",
        l1, keys);
    out.println("| strategy | L1 kind | footprint before | footprint after | retained heap"
        + " after (measured) | time | goal <= 1 MiB |");
    out.println("|---|---|---:|---:|---:|---:|---|");
    for (Row row : rows) {
      long worst = Math.max(row.after, row.retained);
      out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f s | %s |%n", row.spec,
          row.frequency ? "admits by frequency (Caffeine)" : "recency only (LRU)",
          bytes(row.before), bytes(row.after), bytes(row.retained), row.seconds,
          worst <= GOAL_BYTES ? "met" : "not met");
    }
    return 0;
  }

  private static Row measure(
      PromotionStrategies strategies, String spec, boolean frequency, long l1, long keys) {
    BackendCapabilities capabilities =
        BackendCapabilities.inProcess().admitsByFrequency(frequency).maximumEntries(l1).build();
    PromotionContext context = new PromotionContext("L1", capabilities, TierClock.system());
    long baseline = usedAfterGc();
    PromotionStrategy strategy = strategies.create(spec, context);
    long before = strategy.footprintBytes();
    long began = System.nanoTime();
    long now = System.currentTimeMillis();
    for (long i = 0; i < keys; i++) {
      String key = "key:" + i;
      long time = now + i / 1000;
      strategy.recordAccess(key, false, time);
      strategy.shouldPromote(key, time);
      if ((i & 7) == 0) {
        strategy.admitWrite(key, time);
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    long after = strategy.footprintBytes();
    long retained = Math.max(0, usedAfterGc() - baseline);
    // Keeps the strategy reachable until the heap was measured.
    if (strategy.footprintBytes() < 0) {
      throw new IllegalStateException(strategy.toString());
    }
    return new Row(spec, frequency, before, after, retained, seconds);
  }

  /** The used heap after full collections, once it stops falling. */
  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }

  private static String bytes(long value) {
    return value >= 1024 * 1024
        ? String.format(Locale.ROOT, "%,d B (%.2f MiB)", value, value / 1048576.0)
        : String.format(Locale.ROOT, "%,d B (%.1f KiB)", value, value / 1024.0);
  }

  private record Row(
      String spec, boolean frequency, long before, long after, long retained, double seconds) {}
}
