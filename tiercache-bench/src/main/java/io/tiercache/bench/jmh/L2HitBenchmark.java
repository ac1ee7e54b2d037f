package io.tiercache.bench.jmh;

import io.tiercache.tck.redis.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads answered by a real redis-server (started by the TCK's fixture on a free loopback port
 * for each trial): every contender of {@link L2Client} reads {@value #KEYS} keys it wrote, in a
 * random order, at the same number of threads (JMH's {@code -t}, 2 by default). Throughput.
 *
 * <pre>
 * java -jar tiercache-bench/target/tiercache-bench.jar jmh L2HitBenchmark -t 2
 * java -jar tiercache-bench/target/tiercache-bench.jar jmh L2HitBenchmark -t 32
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@Fork(1)
public class L2HitBenchmark {

  /** The number of keys read. */
  static final int KEYS = 10_000;

  /** The contender. */
  @Param({"LETTUCE_ASYNC", "TIERCACHE_ASYNC", "TIERCACHE_SYNC"})
  public L2Client client = L2Client.LETTUCE_ASYNC;

  private @Nullable RedisServer redis;
  private L2Client.@Nullable Reader reader;
  private String[] keys = new String[0];

  /** Creates the benchmark; JMH calls it. */
  public L2HitBenchmark() {}

  /** Starts redis-server and writes the keys. */
  @Setup
  public void setUp() {
    RedisServer server = RedisServer.start();
    redis = server;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      all.add("k:" + i);
    }
    keys = all.toArray(String[]::new);
    L2Client.Reader opened = client.open(server.uri(), all);
    reader = opened;
    for (String key : keys) {
      if (opened.get(key) == null) {
        throw new IllegalStateException(client + ": " + key + " is not in Redis");
      }
    }
  }

  /** Disconnects and stops the server. */
  @TearDown
  public void tearDown() {
    L2Client.Reader opened = reader;
    if (opened != null) {
      opened.close();
    }
    RedisServer server = redis;
    if (server != null) {
      server.close();
    }
  }

  /** Each thread's place among the keys. */
  @State(Scope.Thread)
  public static class Position {
    int next = ThreadLocalRandom.current().nextInt(KEYS);

    /** Creates the state; JMH calls it. */
    public Position() {}
  }

  /**
   * Reads one key from Redis.
   *
   * @param position the thread's place among the keys
   * @return the value, for JMH to consume
   */
  @Benchmark
  public @Nullable Object get(Position position) {
    L2Client.Reader opened = reader;
    int next = position.next;
    position.next = next + 7919 >= KEYS ? next + 7919 - KEYS : next + 7919;
    return opened == null ? null : opened.get(keys[next]);
  }
}
