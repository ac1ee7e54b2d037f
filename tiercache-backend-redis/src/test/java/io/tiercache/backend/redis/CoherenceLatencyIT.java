package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCache;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Measures coherence latency: two stacks with their own Caffeine L1 over one redis-server; after
 * each acknowledged invalidation (or put) on one, the time until the other's L1 no longer returns
 * the old value, for pub/sub and for client tracking. Each round first makes B hold the old value
 * in its L1 (a read from Redis promotes it, a second read hits L1), then A changes the key and B
 * is polled (an L1 hit costs no round trip) until it returns something else.
 *
 * <p>In the build it runs {@value #DEFAULT_ROUNDS} rounds per case and checks the goal
 * (p99 under 50 ms on loopback). For the figures in {@code docs/BENCHMARKS.md}, run
 *
 * <pre>
 * ./mvnw -B -o verify -pl tiercache-backend-redis -Dit.test=CoherenceLatencyIT \
 *     -Dtiercache.coherence.rounds=1000 -Dtiercache.coherence.report=../docs/BENCHMARKS.md
 * </pre>
 *
 * which replaces (or appends) the "Redis coherence" section of that file.
 */
@ExtendWith(RedisLogsOnFailure.class)
class CoherenceLatencyIT {

  static final int DEFAULT_ROUNDS = 200;
  private static final int WARM_UP = 50;
  private static final long GOAL_P99_MICROS = 50_000;
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static RedisServer server;
  private static final Map<String, long[][]> RESULTS = new TreeMap<>();

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServerAndReport() throws IOException {
    try {
      String report = System.getProperty("tiercache.coherence.report");
      if (report != null && !report.isBlank() && !RESULTS.isEmpty()) {
        writeReport(Paths.get(report));
      }
    } finally {
      Fixtures.closeAll(server);
    }
  }

  @Test
  void pubSubEvictsTheOtherL1Quickly() {
    measure("pubsub");
  }

  @Test
  void clientTrackingEvictsTheOtherL1Quickly() {
    measure("tracking");
  }

  private void measure(String mode) {
    int rounds = Integer.getInteger("tiercache.coherence.rounds", DEFAULT_ROUNDS);
    String uri = server.uri() + "/0?keyPrefix=latency-" + mode + ":&coherence=" + mode;
    try (TieredCache<String> a = Stacks.caffeineOver(uri);
        TieredCache<String> b = Stacks.caffeineOver(uri)) {
      for (String operation : List.of("invalidate", "put")) {
        long[] sinceAck = new long[rounds];
        long[] sinceCall = new long[rounds];
        for (int round = -WARM_UP; round < rounds; round++) {
          String key = operation + "-" + round;
          a.put(key, "old");
          assertThat(b.getIfPresent(key)).isEqualTo("old");
          assertThat(b.getIfPresent(key)).isEqualTo("old");
          long call = System.nanoTime();
          if (operation.equals("invalidate")) {
            a.invalidate(key).join();
          } else {
            a.put(key, "new");
          }
          long ack = System.nanoTime();
          long gone = awaitDropped(b, key);
          if (round >= 0) {
            sinceAck[round] = Math.max(0, gone - ack) / 1_000;
            sinceCall[round] = (gone - call) / 1_000;
          }
        }
        Arrays.sort(sinceAck);
        Arrays.sort(sinceCall);
        RESULTS.put(mode + " " + operation, new long[][] {sinceAck, sinceCall});
        assertThat(percentile(sinceAck, 99))
            .as("p99 (us) of %s after %s, %d rounds: p50 %d, max %d", mode, operation, rounds,
                percentile(sinceAck, 50), sinceAck[rounds - 1])
            .isLessThan(GOAL_P99_MICROS);
      }
    }
  }

  /** Polls B until its read no longer returns the old value; returns when, in nanos. */
  private static long awaitDropped(TieredCache<String> b, String key) {
    long deadline = System.nanoTime() + GIVE_UP_NANOS;
    while (true) {
      String seen = b.getIfPresent(key);
      long now = System.nanoTime();
      if (!"old".equals(seen)) {
        return now;
      }
      if (now > deadline) {
        throw new AssertionError("B still returns the old value of " + key + " after 10 s");
      }
      LockSupport.parkNanos(20_000);
    }
  }

  static long percentile(long[] sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  // ---------------------------------------------------------------------------------------------

  private static void writeReport(Path file) throws IOException {
    int rounds = Integer.getInteger("tiercache.coherence.rounds", DEFAULT_ROUNDS);
    StringBuilder section = new StringBuilder();
    section.append("## Redis coherence\n\n");
    section.append("Two `TieredCache`s, each `caffeine://?maximumSize=10000&promote=always |"
        + " redis://127.0.0.1:<port>/0?coherence=<mode>`, over one local redis-server. Each"
        + " round: A puts a key, B reads it twice (the second read is an L1 hit), then A"
        + " invalidates it (or puts a new value) and waits for the acknowledgement; B is"
        + " polled every ~20 us until its read no longer returns the old value. ")
        .append(rounds).append(" rounds per row after ").append(WARM_UP)
        .append(" warm-up rounds. *After ack*: from the acknowledgement to B dropping the value"
            + " (0 when B dropped it first); *after call*: from the start of the operation.\n\n");
    section.append("| coherence | operation | p50 after ack | p99 after ack | max after ack |"
        + " p50 after call | p99 after call | max after call |\n");
    section.append("|---|---|---|---|---|---|---|---|\n");
    RESULTS.forEach((name, samples) -> {
      String[] parts = name.split(" ");
      long[] ack = samples[0];
      long[] call = samples[1];
      section.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" | ")
          .append(ms(percentile(ack, 50))).append(" | ").append(ms(percentile(ack, 99)))
          .append(" | ").append(ms(ack[ack.length - 1])).append(" | ")
          .append(ms(percentile(call, 50))).append(" | ").append(ms(percentile(call, 99)))
          .append(" | ").append(ms(call[call.length - 1])).append(" |\n");
    });
    section.append("\nGoal: p99 under 50 ms on loopback.\n\n");
    section.append("- Machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ").append(cpuModel()).append(", ").append(System.getProperty("os.name"))
        .append(' ').append(System.getProperty("os.version")).append('\n');
    section.append("- Load: ").append(loadAverage())
        .append(" (load average over 1, 5, 15 min when the report was written; the machine is"
            + " shared, so tails are noisy)\n");
    section.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append('\n');
    section.append("- Redis: ").append(server.info("redis_version").orElse("?")).append(" (")
        .append(server.source()).append(")\n");
    section.append("- Command: `./mvnw -B -o verify -pl tiercache-backend-redis"
        + " -Dit.test=CoherenceLatencyIT -Dtiercache.coherence.rounds=").append(rounds)
        .append(" -Dtiercache.coherence.report=../docs/BENCHMARKS.md`\n");
    section.append("- Date: ").append(LocalDate.now(ZoneOffset.UTC)).append("\n");

    String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
        : "# Benchmarks\n";
    String heading = "## Redis coherence";
    int start = existing.indexOf(heading);
    String updated;
    if (start < 0) {
      updated = existing + (existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n"
          : "\n\n") + section;
    } else {
      int next = existing.indexOf("\n## ", start + heading.length());
      String after = next < 0 ? "" : existing.substring(next + 1);
      updated = existing.substring(0, start) + section + (after.isEmpty() ? "" : "\n" + after);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Paths.get("/proc/loadavg")).split(" ");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(Paths.get("/proc/cpuinfo")));
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: say so below.
    }
    return System.getProperty("os.arch");
  }
}
