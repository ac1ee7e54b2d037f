package io.tiercache.bench.replay;

import io.tiercache.WritePolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes replay results as Markdown: one table per trace (every configuration, with the reference
 * hit ratios above it), then a summary that sets the default strategy against the best fixed rule
 * of each trace and L1, and against write-through with {@code always} for L1 writes.
 */
final class ReplayReport {

  /** How close to the best fixed rule the default must come, in points of L1 hit ratio. */
  static final double GOAL_POINTS = 0.5;

  private static final Pattern ADAPTIVE =
      Pattern.compile(
          "adaptive: (.*) \\(of \\d+ candidates simulated on (.*) of the keys over (.*); (\\d+"
              + " changes?)\\)");

  private ReplayReport() {}

  static String markdown(List<TraceResults> results, ReplayOptions options) {
    StringBuilder out = new StringBuilder();
    for (TraceResults result : results) {
      traceTable(out, result, options);
    }
    if (results.stream().anyMatch(r -> !r.configurations().isEmpty())) {
      summary(out, results);
    }
    return out.toString();
  }

  private static void traceTable(StringBuilder out, TraceResults result, ReplayOptions options) {
    Trace trace = result.trace();
    out.append(
        String.format(
            Locale.ROOT,
            "#### %s: %,d requests, %,d distinct keys, L1 = %,d entries (%s)%n%n",
            trace.name(), trace.length(), trace.distinctKeys(), result.l1Size(),
            options.l1SizeLabel()));
    if (result.optHits() >= 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "One cache of %,d entries alone, every miss admitted: Belady OPT %.2f, LRU %.2f,"
                  + " Caffeine %s.%n%n",
              result.l1Size(),
              Outcome.percent(result.optHits(), trace.length()),
              Outcome.percent(result.lruHits(), trace.length()),
              spread(
                  result.caffeineHits().stream()
                      .mapToDouble(h -> Outcome.percent(h, trace.length()))
                      .toArray())));
    }
    if (result.configurations().isEmpty()) {
      return;
    }
    out.append("| L1 | write | promote | L1 hit % | L2 hit % | L1 writes | promoter bytes | ms |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (ConfigurationRuns runs : result.configurations()) {
      Configuration c = runs.configuration();
      String promote = c.isDefault() ? "**default** (" + compact(runs.strategy()) + ")"
          : c.promote().equals(c.promoteFor(result.l1Size())) ? c.promote()
          : c.promote() + " (" + c.promoteFor(result.l1Size()) + ")";
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %.2f | %,d | %,d | %,d |%n",
              c.l1().name(), c.writeLabel(), promote,
              spread(runs.runs().stream().mapToDouble(Outcome::l1HitPercent).toArray()),
              runs.meanL2Percent(), runs.meanL1Writes(), runs.promoterBytes(),
              runs.meanMillis()));
    }
    out.append('\n');
  }

  private static void summary(StringBuilder out, List<TraceResults> results) {
    out.append("#### Default against the best fixed rule\n\n");
    out.append(
        "Goal: L1 hit ratio within " + ReplayOptions.trimmed(GOAL_POINTS) + " points of the best"
            + " fixed rule, with fewer L1 writes than write-through with `always`.\n\n");
    out.append(
        "| trace | L1 | best fixed rule | best L1 hit % | default L1 hit % | gap (points) |"
            + " default L1 writes | write-through always L1 writes | goal |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
    for (TraceResults result : results) {
      Set<String> tiers = new LinkedHashSet<>();
      for (ConfigurationRuns runs : result.configurations()) {
        tiers.add(runs.configuration().l1().name());
      }
      for (String tier : tiers) {
        List<ConfigurationRuns> mine = new ArrayList<>();
        for (ConfigurationRuns runs : result.configurations()) {
          if (runs.configuration().l1().name().equals(tier)) {
            mine.add(runs);
          }
        }
        Optional<ConfigurationRuns> best =
            mine.stream()
                .filter(r -> !r.configuration().isDefault())
                .max((a, b) -> Double.compare(a.meanL1Percent(), b.meanL1Percent()));
        Optional<ConfigurationRuns> chosen = defaultOf(mine);
        Optional<ConfigurationRuns> throughAlways =
            mine.stream()
                .filter(r -> r.configuration().writePolicy() == WritePolicy.WRITE_THROUGH)
                .filter(r -> r.configuration().promote().equals("always"))
                .findFirst();
        if (best.isEmpty() || chosen.isEmpty()) {
          continue;
        }
        double gap = best.get().meanL1Percent() - chosen.get().meanL1Percent();
        long writes = chosen.get().meanL1Writes();
        String verdict;
        boolean close = gap <= GOAL_POINTS;
        boolean fewer = throughAlways.isEmpty() || writes < throughAlways.get().meanL1Writes();
        if (close && fewer) {
          verdict = "met";
        } else if (!close && !fewer) {
          verdict = "**missed**: " + String.format(Locale.ROOT, "%.2f", gap)
              + " points behind, and not fewer writes";
        } else if (!close) {
          verdict = "**missed** by " + String.format(Locale.ROOT, "%.2f", gap - GOAL_POINTS)
              + " points";
        } else {
          verdict = "**missed**: not fewer writes";
        }
        Configuration b = best.get().configuration();
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s, %s | %.2f | %.2f | %+.2f | %,d | %s | %s |%n",
                result.trace().name(), tier, b.writeLabel(), b.promote(),
                best.get().meanL1Percent(), chosen.get().meanL1Percent(), gap, writes,
                throughAlways.map(r -> String.format(Locale.ROOT, "%,d", r.meanL1Writes()))
                    .orElse("—"),
                verdict));
      }
    }
    out.append('\n');
  }

  /** The default under write-through (the library's default policy), else any default. */
  private static Optional<ConfigurationRuns> defaultOf(List<ConfigurationRuns> runs) {
    Optional<ConfigurationRuns> through =
        runs.stream()
            .filter(r -> r.configuration().isDefault())
            .filter(r -> r.configuration().writePolicy() == WritePolicy.WRITE_THROUGH)
            .findFirst();
    return through.isPresent() ? through
        : runs.stream().filter(r -> r.configuration().isDefault()).findFirst();
  }

  /**
   * Shortens the adaptive default's description, {@code adaptive: <rule> (of 12 candidates
   * simulated on <share> of the keys over <model>; <n> changes)}, to the rule it ended on, its
   * changes and its sample; any other description is kept whole.
   */
  static String compact(String strategy) {
    Matcher matcher = ADAPTIVE.matcher(strategy);
    if (!matcher.matches()) {
      return strategy;
    }
    return "ended on " + matcher.group(1) + "; " + matcher.group(4) + ", " + matcher.group(2)
        + " of keys sampled, " + matcher.group(3) + " model";
  }

  /** A mean, with the range when runs differ. */
  static String spread(double[] values) {
    if (values.length == 0) {
      return "—";
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    for (double value : values) {
      min = Math.min(min, value);
      max = Math.max(max, value);
      sum += value;
    }
    double mean = sum / values.length;
    if (values.length == 1 || max - min < 0.005) {
      return String.format(Locale.ROOT, "%.2f", mean);
    }
    return String.format(
        Locale.ROOT, "%.2f (%.2f–%.2f, %d runs)", mean, min, max, values.length);
  }
}
