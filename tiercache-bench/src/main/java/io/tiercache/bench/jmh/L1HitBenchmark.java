package io.tiercache.bench.jmh;

import io.tiercache.bench.workload.ZipfSequence;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of an L1 hit: every contender of {@link L1Cache} holds the same {@value #SIZE} keys
 * (exactly its size bound, so all are resident) and is read with keys drawn from a Zipf 0.99
 * sequence over them; every read is a hit, checked before measuring. Average time per read.
 *
 * <pre>
 * java -jar tiercache-bench/target/tiercache-bench.jar jmh L1HitBenchmark -t 1
 * java -jar tiercache-bench/target/tiercache-bench.jar jmh L1HitBenchmark -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class L1HitBenchmark {

  /** The number of entries, and the size bound of every cache. */
  static final int SIZE = 10_000;

  private static final int MASK = (1 << 16) - 1;

  /** The contender. */
  @Param({"CAFFEINE", "TIERCACHE", "TIERCACHE_LOADER", "TIERCACHE_TWO_TIERS"})
  public L1Cache cache = L1Cache.CAFFEINE;

  private L1Cache.@Nullable Reader reader;
  private String[] keys = new String[0];
  private int[] indexes = new int[0];

  /** Creates the benchmark; JMH calls it. */
  public L1HitBenchmark() {}

  /** Fills the cache and checks that every key hits. */
  @Setup
  public void setUp() {
    L1Cache.Reader opened = cache.open(SIZE);
    reader = opened;
    keys = new String[SIZE];
    for (int i = 0; i < SIZE; i++) {
      keys[i] = "k:" + i;
      opened.put(keys[i], "value-" + i);
    }
    ZipfSequence zipf = new ZipfSequence(SIZE, 0.99, MASK + 1, 42);
    indexes = new int[MASK + 1];
    for (int i = 0; i <= MASK; i++) {
      indexes[i] = zipf.at(i);
    }
    // Twice: a two-tier stack may place a key in L1 on its first read below.
    for (int round = 0; round < 2; round++) {
      for (String key : keys) {
        opened.get(key);
      }
    }
    long missesBefore = opened.l1Misses();
    for (String key : keys) {
      if (opened.get(key) == null) {
        throw new IllegalStateException(cache + ": " + key + " is not cached");
      }
    }
    long misses = opened.l1Misses() - missesBefore;
    if (misses > 0) {
      throw new IllegalStateException(cache + ": " + misses + " of " + SIZE + " keys miss L1");
    }
  }

  /** Closes the cache. */
  @TearDown
  public void tearDown() {
    L1Cache.Reader opened = reader;
    if (opened != null) {
      opened.close();
    }
  }

  /** Each thread's place in the key sequence. */
  @State(Scope.Thread)
  public static class Position {
    int next = ThreadLocalRandom.current().nextInt();

    /** Creates the state; JMH calls it. */
    public Position() {}
  }

  /**
   * Reads one key.
   *
   * @param position the thread's place in the key sequence
   * @return the value, for JMH to consume
   */
  @Benchmark
  public @Nullable Object get(Position position) {
    L1Cache.Reader opened = reader;
    return opened == null ? null : opened.get(keys[indexes[position.next++ & MASK]]);
  }
}
