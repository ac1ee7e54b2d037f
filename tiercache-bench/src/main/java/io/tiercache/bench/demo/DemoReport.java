package io.tiercache.bench.demo;

import io.tiercache.CacheStats;
import io.tiercache.TierStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The demo's text report: a table of what each tier answered and how fast, then the loads the
 * cache saved against a loader-only baseline.
 */
final class DemoReport {

  /** The label of the row of reads the database answered. */
  static final String DATABASE = "database (loader)";

  private static final String[] HEADINGS = {
    "tier", "requests", "hits", "hit ratio", "promotions in", "p50", "p99", "loads avoided"
  };

  private DemoReport() {}

  /**
   * Formats the report.
   *
   * @param stats the cache's counters at the end of the run
   * @param result what the workload measured
   * @param dbLatency the simulated database's latency per load
   * @return the report, lines ending in a line separator
   */
  static String format(CacheStats stats, Workload.Result result, Duration dbLatency) {
    List<TierStats> tiers = stats.tiers();
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    long promotions = 0;
    for (int i = 0; i < tiers.size(); i++) {
      TierStats tier = tiers.get(i);
      Histogram latency = result.latencies()[i];
      boolean lowest = i == tiers.size() - 1;
      promotions += tier.promotionsIn();
      rows.add(
          new String[] {
            tier.name(),
            count(tier.requests()),
            count(tier.hits() + tier.staleHits()),
            percent(tier.hits() + tier.staleHits(), tier.requests()),
            lowest ? "-" : count(tier.promotionsIn()),
            percentile(latency, 50),
            percentile(latency, 99),
            count(result.answeredByTier()[i])
          });
    }
    Histogram database = result.latencies()[tiers.size()];
    rows.add(
        new String[] {
          DATABASE,
          count(result.loadedReads() + result.sharedReads()),
          "-",
          "-",
          "-",
          percentile(database, 50),
          percentile(database, 99),
          "-"
        });
    Histogram all = new Histogram(3);
    for (Histogram latency : result.latencies()) {
      all.add(latency);
    }
    long avoided = result.reads() - result.loadedReads();
    rows.add(
        new String[] {
          "all reads",
          count(result.reads()),
          count(result.answeredByCache()),
          percent(result.answeredByCache(), result.reads()),
          count(promotions),
          percentile(all, 50),
          percentile(all, 99),
          count(avoided) + " (" + percent(avoided, result.reads()) + ")"
        });

    StringBuilder out = new StringBuilder();
    double seconds = result.elapsedNanos() / 1e9;
    out.append(
        String.format(
            Locale.ROOT,
            "%s reads and %s writes in %.1f s (%,.0f operations/s)%s:%n%n",
            count(result.reads()),
            count(result.writes()),
            seconds,
            (result.reads() + result.writes()) / Math.max(seconds, 1e-9),
            result.stoppedEarly() ? ", stopped early" : ""));
    table(out, rows);
    out.append(System.lineSeparator());
    for (String line :
        List.of(
            "requests: reads that reached the tier; hit ratio: the share of those it answered;",
            "promotions in: entries copied up into the tier from the tier below; p50/p99:",
            "latency of the reads the tier answered, as the caller saw it; loads avoided: reads",
            "answered without calling the loader.",
            "")) {
      out.append(line).append(System.lineSeparator());
    }
    long baselineNanos = multiply(result.reads(), dbLatency.toNanos());
    long spentNanos = multiply(result.loadedReads(), dbLatency.toNanos());
    out.append(
        String.format(
            Locale.ROOT,
            "Loader-only baseline: %s database loads (one per read), %s of database time."
                + "%nWith the cache: %s loads, %s: %s of the loads avoided.%n",
            count(result.reads()),
            duration(baselineNanos),
            count(result.loadedReads()),
            duration(spentNanos),
            percent(avoided, result.reads())));
    if (result.sharedReads() > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s reads missed every tier but shared a load of the same key already running"
                  + " (single flight).%n",
              count(result.sharedReads())));
    }
    if (result.writes() > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "Writes (put through every tier): p50 %s, p99 %s.%n",
              percentile(result.writeLatency(), 50),
              percentile(result.writeLatency(), 99)));
    }
    return out.toString();
  }

  private static void table(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[HEADINGS.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(widths[c] - row[c].length());
        if (c == 0) {
          line.append(row[c]).append(pad);
        } else {
          line.append("  ").append(pad).append(row[c]);
        }
      }
      out.append(line).append(System.lineSeparator());
    }
  }

  /**
   * Formats a count with thousands separators.
   *
   * @param value the count
   * @return such as {@code 1,234,567}
   */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  private static String percentile(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? "-"
        : nanos(histogram.getValueAtPercentile(percentile));
  }

  /**
   * Formats a latency with a unit that keeps it short: ns, us, ms or s.
   *
   * @param nanos the latency in nanoseconds
   * @return such as {@code 850 ns}, {@code 12.3 us} or {@code 2.01 ms}
   */
  static String nanos(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, nanos < 100_000 ? "%.1f us" : "%.0f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String duration(long nanos) {
    double seconds = nanos / 1e9;
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }

  private static long multiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
