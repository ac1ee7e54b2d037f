package io.tiercache.bench.peers;

import io.tiercache.bench.workload.Result;
import io.tiercache.bench.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders the results of {@code peers} as Markdown. */
final class PeersReport {

  /** tiercache's throughput over the best peer's that the issue asks for. */
  static final double GOAL = 1.3;

  private PeersReport() {}

  static String render(
      PeersOptions options,
      List<Result> results,
      Map<String, String> descriptions,
      List<String> skipped,
      List<String> failed,
      String redisVersion,
      String machine) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "Zipf %.2f over %,d keys (100-byte values), L1 = %,d entries, loader on a simulated"
            + " database (%d us per load); warm-up %s, measurement %s per row; redis-server %s on"
            + " loopback.%n%n",
        0.99, options.keys, options.l1, options.dbLatencyMicros,
        seconds(options.warmupMillis), seconds(options.measureMillis), redisVersion));
    out.append("- Machine: ").append(machine).append('\n');
    for (Map.Entry<String, String> described : descriptions.entrySet()) {
      out.append("- `").append(described.getKey()).append("`: ").append(described.getValue())
          .append('\n');
    }
    for (String name : skipped) {
      out.append("- `").append(name).append("`: not run (its module was not built)\n");
    }
    for (String name : failed) {
      out.append("- `").append(name).append("`: failed (see its standard error)\n");
    }
    out.append('\n');
    out.append("| workload | contender | ops/s | p50 | p99 | p99.9 | Redis commands/op |"
        + " wrong values | vs tiercache |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Set<Workload> workloads = new LinkedHashSet<>();
    for (Result result : results) {
      workloads.add(result.workload());
    }
    List<String> summary = new ArrayList<>();
    for (Workload workload : workloads) {
      Result ours = null;
      Result best = null;
      List<Result> rows = new ArrayList<>();
      for (Result result : results) {
        if (!result.workload().equals(workload)) {
          continue;
        }
        rows.add(result);
        if (result.contender().equals("tiercache")) {
          ours = result;
        } else if (best == null || result.opsPerSecond() > best.opsPerSecond()) {
          best = result;
        }
      }
      rows.sort((a, b) -> Double.compare(b.opsPerSecond(), a.opsPerSecond()));
      for (Result row : rows) {
        String versus = ours == null || row == ours ? ""
            : String.format(Locale.ROOT, "%.2fx", ours.opsPerSecond() / row.opsPerSecond());
        out.append(String.format(Locale.ROOT,
            "| %s | %s | %,.0f | %.1f us | %.1f us | %.1f us | %.3f | %d | %s |%n",
            workload.label(), row.contender(), row.opsPerSecond(), row.p50Micros(),
            row.p99Micros(), row.p999Micros(), row.redisCommandsPerOp(), row.wrongValues(),
            versus));
      }
      if (ours != null && best != null) {
        double ratio = ours.opsPerSecond() / best.opsPerSecond();
        summary.add(String.format(Locale.ROOT,
            "| %s | %,.0f | %s %,.0f | %.2fx | %s |", workload.label(), ours.opsPerSecond(),
            best.contender(), best.opsPerSecond(), ratio, ratio >= GOAL ? "met" : "not met"));
      }
    }
    if (!summary.isEmpty()) {
      out.append(String.format(Locale.ROOT,
          "%n| workload | tiercache ops/s | best peer ops/s | ratio | goal %.1fx |%n", GOAL));
      out.append("|---|---:|---|---:|---|\n");
      for (String line : summary) {
        out.append(line).append('\n');
      }
    }
    for (Result result : results) {
      if (!result.stats().isEmpty()) {
        out.append(String.format(Locale.ROOT, "%n- %s, %s: %s", result.contender(),
            result.workload().label(), result.stats()));
      }
    }
    out.append('\n');
    return out.toString();
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
