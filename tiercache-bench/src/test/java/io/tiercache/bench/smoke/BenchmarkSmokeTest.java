package io.tiercache.bench.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.bench.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark subcommand starts and finishes on a tiny input: the JMH benchmarks (one short
 * iteration each, in this JVM), the side-by-side peers run (every contender in its own JVM
 * against a real redis-server), and the promoter-memory measurement. Their figures are not
 * checked here: they are measured on a quiet machine and recorded in docs/BENCHMARKS.md.
 */
class BenchmarkSmokeTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        new ArrayList<>(List.of(args)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theL1HitBenchmarkRunsEveryContender() {
    int status = run("jmh", "L1HitBenchmark", "-f", "0", "-wi", "0", "-i", "1", "-r", "200ms",
        "-t", "1");
    assertThat(status).as(errors()).isZero();
    assertThat(output())
        .contains("L1HitBenchmark.get")
        .contains("CAFFEINE")
        .contains("TIERCACHE_TWO_TIERS");
  }

  @Test
  void theL2HitBenchmarkRunsEveryContenderOnARealRedisServer() {
    int status = run("jmh", "L2HitBenchmark", "-f", "0", "-wi", "0", "-i", "1", "-r", "300ms",
        "-t", "2");
    assertThat(status).as(errors()).isZero();
    assertThat(output())
        .contains("L2HitBenchmark.get")
        .contains("LETTUCE_ASYNC")
        .contains("TIERCACHE_SYNC");
  }

  @Test
  void thePeersRunCompletesForEveryContender() {
    int status = run("peers", "--keys", "2000", "--l1", "200", "--workloads", "95:2",
        "--warmup", "200ms", "--measure", "500ms", "--jvm-args", "-Xms64m -Xmx256m");
    assertThat(status).as(errors()).isZero();
    String report = output();
    assertThat(errors()).doesNotContain("skipping");
    for (String contender :
        List.of("tiercache", "lettuce", "jedis", "jetcache", "redisson", "j2cache")) {
      String prefix = "| 95/5 reads/writes, 2 threads | " + contender + " |";
      assertThat(report.lines().filter(line -> line.startsWith(prefix)))
          .as(contender + "'s row in%n%s", report)
          .singleElement()
          // The "wrong values" column: every value read was one the workload wrote or loaded.
          .satisfies(line -> assertThat(line.split("\\|")[8].trim()).isEqualTo("0"));
    }
  }

  @Test
  void thePromoterMemoryRunReportsEveryStrategy() {
    int status = run("promoter-memory", "--keys", "20000", "--l1", "1000");
    assertThat(status).as(errors()).isZero();
    assertThat(output()).contains("adaptive").contains("hit-rate:2/40000r").contains("hit-count:3");
  }
}
