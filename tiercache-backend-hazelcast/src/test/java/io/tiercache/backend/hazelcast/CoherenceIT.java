package io.tiercache.backend.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two stacks with their own Caffeine L1 over one cluster, each with its own Hazelcast client or
 * member as two JVMs would have, see each other's writes and invalidations: keys, tags and clears
 * evict the other's L1. The time a change takes to reach the other L1 is measured.
 */
class CoherenceIT {

  private static HazelcastCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastCluster.twoMembers();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** One JVM's stack: Caffeine (promoting always) over a tier of its own. */
  private static final class Jvm implements AutoCloseable {
    final LocalCacheBackend<String> l1 = ClientOutageIT.caffeine();
    final TieredCache<String> stack;
    final RecordingListener received = new RecordingListener();

    Jvm(String tierUri) {
      stack =
          TieredCache.builder(ValueCodec.utf8())
              .tier(l1, "promote=always")
              .tiers(tierUri)
              .build();
      stack.invalidationBus().orElseThrow().subscribe(received);
    }

    @Override
    public void close() {
      stack.close();
    }
  }

  private static Jvm client(String map, String name) {
    return new Jvm(cluster.clientUri(map) + "&instance=" + name);
  }

  @Test
  void writesInvalidationsTagsAndClearsInOneJvmEvictTheOthersL1() {
    try (Jvm a = client("coherence", "a");
        Jvm b = client("coherence", "b")) {
      a.stack.put("k", "v1");
      assertThat(b.stack.getIfPresent("k")).isEqualTo("v1");
      assertThat(b.l1.getSync("k")).isNotNull();

      a.stack.put("k", "v2");
      Tiers.eventually("a write to evict the old value", () -> b.l1.getSync("k") == null);
      assertThat(b.stack.getIfPresent("k")).isEqualTo("v2");

      assertThat(a.stack.invalidate("k").join()).isTrue();
      Tiers.eventually("an invalidation to evict the value", () -> b.l1.getSync("k") == null);
      assertThat(b.stack.getIfPresent("k")).isNull();

      Duration hour = Duration.ofHours(1);
      a.stack.put("t1", "x", hour, Set.of("tag"));
      a.stack.put("t2", "y", hour, Set.of("tag", "other"));
      a.stack.put("u", "z", hour, Set.of("other"));
      for (String key : new String[] {"t1", "t2", "u"}) {
        assertThat(b.stack.getIfPresent(key)).isNotNull();
      }
      assertThat(a.stack.invalidateByTag("tag").join()).containsExactlyInAnyOrder("t1", "t2");
      Tiers.eventually(
          "a tag invalidation to evict the tagged keys",
          () -> b.l1.getSync("t1") == null && b.l1.getSync("t2") == null);
      assertThat(b.l1.getSync("u")).as("an entry without the tag stays").isNotNull();

      a.stack.clear().join();
      Tiers.eventually("a clear to empty the other L1", () -> b.l1.getSync("u") == null);

      b.stack.put("own", "o");
      assertThat(b.l1.getSync("own"))
          .as("a stack's own messages do not evict what it just wrote")
          .isNotNull();
      assertThat(b.stack.stats().coherenceEvictions()).isPositive();
      assertThat(a.received.losses()).isZero();
    }
  }

  @Test
  void stacksOnEmbeddedMembersOfOneClusterAreCoherentToo() {
    try (Jvm a = new Jvm(cluster.embeddedUri("embedded-coherence") + "&lite=true");
        Jvm b = new Jvm(cluster.embeddedUri("embedded-coherence") + "&lite=true")) {
      a.stack.put("k", "v1");
      assertThat(b.stack.getIfPresent("k")).isEqualTo("v1");

      assertThat(a.stack.invalidate("k").join()).isTrue();

      Tiers.eventually("the invalidation to evict the value", () -> b.l1.getSync("k") == null);
      assertThat(b.stack.getIfPresent("k")).isNull();
    }
    cluster.awaitClusterSize(2);
  }

  /**
   * Measures, for an invalidation and for a put of a new value in one JVM, how long until the
   * other JVM's L1 no longer returns the old value: from the acknowledgement (the call returned)
   * and from the call. Rounds: {@code -Dtiercache.coherence.rounds} (1,000 by default), after 50
   * warm-up rounds. The figures go to standard output and {@code target/coherence-hazelcast.md}.
   */
  @Test
  void anAcknowledgedChangeReachesTheOtherL1Quickly() throws IOException {
    int rounds = Integer.getInteger("tiercache.coherence.rounds", 1_000);
    StringBuilder table = new StringBuilder();
    try (Jvm a = client("latency", "a");
        Jvm b = client("latency", "b")) {
      for (String operation : new String[] {"invalidate", "put"}) {
        long[][] measured = measure(a, b, operation, rounds);
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s |%n",
                operation,
                ms(percentile(measured[0], 0.50)),
                ms(percentile(measured[0], 0.99)),
                ms(max(measured[0])),
                ms(percentile(measured[1], 0.50)),
                ms(percentile(measured[1], 0.99)),
                ms(max(measured[1]))));
      }
      assertThat(b.received.losses()).as("no loss during the measurement").isZero();
      assertThat(b.received.messages())
          .filteredOn(message -> message.kind() == Invalidation.Kind.KEYS)
          .as("two messages a round: the put that fills, the change measured")
          .hasSizeGreaterThanOrEqualTo(4 * rounds);
    }
    String report =
        "| operation | p50 after ack | p99 after ack | max after ack | p50 after call"
            + " | p99 after call | max after call |\n|---|---|---|---|---|---|---|\n" + table;
    System.out.print("Hazelcast coherence, " + rounds + " rounds per row:\n" + report);
    Files.writeString(
        Path.of("target", "coherence-hazelcast.md"), report, StandardCharsets.UTF_8);
  }

  /**
   * Runs the rounds of one operation; returns the nanoseconds from the acknowledgement and from
   * the call until b's L1 stopped returning the old value (0 when it stopped before the
   * acknowledgement).
   */
  private static long[][] measure(Jvm a, Jvm b, String operation, int rounds) {
    long[] sinceAcknowledged = new long[rounds];
    long[] sinceCalled = new long[rounds];
    for (int i = -50; i < rounds; i++) {
      String key = operation + "-" + Math.floorMod(i, 16);
      String value = "v" + i;
      int seen = b.received.messages().size();
      a.stack.put(key, value);
      // The put's own message must reach b before b fills its L1, or it would evict the value
      // later and be taken for the change measured.
      Tiers.eventually("b to receive the put", () -> b.received.messages().size() > seen);
      Tiers.eventually(
          "b to hold the value in L1",
          () -> {
            b.stack.getIfPresent(key);
            return holds(b, key, value);
          });

      long called = System.nanoTime();
      if (operation.equals("invalidate")) {
        assertThat(a.stack.invalidate(key).join()).isTrue();
      } else {
        a.stack.put(key, value + "-new");
      }
      long acknowledged = System.nanoTime();
      long deadline = acknowledged + Duration.ofSeconds(5).toNanos();
      int spins = 0;
      while (holds(b, key, value)) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(operation + " " + i + " did not reach the other L1 in 5 s");
        }
        if (++spins % 64 == 0) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
      long dropped = System.nanoTime();
      if (i >= 0) {
        sinceAcknowledged[i] = Math.max(0, dropped - acknowledged);
        sinceCalled[i] = dropped - called;
      }
    }
    return new long[][] {sinceAcknowledged, sinceCalled};
  }

  private static boolean holds(Jvm jvm, String key, String value) {
    CacheEntry<String> held = jvm.l1.getSync(key);
    return held != null && held.value().equals(value);
  }

  private static long percentile(long[] nanos, double quantile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static long max(long[] nanos) {
    return Arrays.stream(nanos).max().orElse(0);
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
