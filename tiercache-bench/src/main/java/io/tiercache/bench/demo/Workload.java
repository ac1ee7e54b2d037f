package io.tiercache.bench.demo;

import io.tiercache.CacheStats;
import io.tiercache.TierStats;
import io.tiercache.TieredCache;
import io.tiercache.bench.workload.ZipfSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The demo's workload: client threads that read Zipf-distributed keys through the cache (loading
 * misses from the {@link SimulatedDatabase}) and write a share of them, for a fixed time. It
 * times every operation, attributes each read to the tier that answered it or to the database,
 * and takes one {@link Sample} a second while a {@link ProgressBar} shows how far it got.
 *
 * <p>One run per instance; {@link #run} is called from one thread.
 */
final class Workload {

  private static final long SECOND = 1_000_000_000L;

  private final TieredCache<String> cache;
  private final TierAttribution attribution;
  private final SimulatedDatabase database;
  private final ZipfSampler zipf;
  private final int threads;
  private final long durationNanos;
  private final double writeShare;
  private final long seed;
  private final int tierCount;
  private final AtomicBoolean stop;

  /** Latency recorders per answering row: the tiers, L1 first, then the database. */
  private final Recorder[] recorders;
  private final Histogram[] totals;
  private final Recorder writeRecorder = new Recorder(3);
  private final Histogram writeTotal = new Histogram(3);
  private final LongAdder[] answered;
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder loadedReads = new LongAdder();
  private final LongAdder sharedReads = new LongAdder();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

  private final List<Sample> timeline = new ArrayList<>();
  private final long[] previousRequests;
  private final long[] previousHits;
  private long previousReads;
  private long previousFromCache;

  /**
   * Prepares a run.
   *
   * @param cache the cache under test, built on tiers wrapped by {@code attribution}
   * @param attribution the attribution of the cache's tiers
   * @param database where misses are loaded from
   * @param options the workload's shape
   * @param stop set to end the run early (by a shutdown hook, on Ctrl-C); set by the run when it
   *     ends
   */
  Workload(
      TieredCache<String> cache,
      TierAttribution attribution,
      SimulatedDatabase database,
      DemoOptions options,
      AtomicBoolean stop) {
    this.cache = cache;
    this.attribution = attribution;
    this.database = database;
    this.zipf = new ZipfSampler(options.keys, options.skew);
    this.threads = options.threads;
    this.durationNanos = options.duration.toNanos();
    this.writeShare = options.writePercent / 100;
    this.seed = options.seed;
    this.tierCount = cache.stats().tiers().size();
    this.stop = stop;
    this.recorders = new Recorder[tierCount + 1];
    this.totals = new Histogram[tierCount + 1];
    this.answered = new LongAdder[tierCount];
    for (int i = 0; i <= tierCount; i++) {
      recorders[i] = new Recorder(3);
      totals[i] = new Histogram(3);
      if (i < tierCount) {
        answered[i] = new LongAdder();
      }
    }
    this.previousRequests = new long[tierCount];
    this.previousHits = new long[tierCount];
  }

  /**
   * Runs the workload to its end (or until {@code stop} is set) and returns what it measured.
   *
   * @param progress where progress is shown
   * @return the measurements
   * @throws IllegalStateException if a client failed, with the failure as its cause
   */
  Result run(ProgressBar progress) {
    long start = System.nanoTime();
    long deadline = start + durationNanos;
    SplittableRandom seeds = new SplittableRandom(seed);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      SplittableRandom random = seeds.split();
      Thread client = new Thread(() -> client(random, deadline), "tiercache-demo-client-" + i);
      client.setDaemon(true);
      clients.add(client);
    }
    clients.forEach(Thread::start);

    long nextSample = start + SECOND;
    long nextDraw = start;
    while (!stop.get()) {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        break;
      }
      if (now - nextDraw >= 0) {
        progress.show(now - start, reads.sum(), fromCache());
        nextDraw = now + progress.refreshNanos();
      }
      if (now - nextSample >= 0 && deadline - nextSample > 0) {
        sample(start, now);
        nextSample += SECOND;
      }
      long wake = Math.min(Math.min(nextDraw, nextSample), deadline);
      LockSupport.parkNanos(Math.max(1, wake - now));
    }
    stop.set(true);
    boolean interrupted = false;
    for (Thread client : clients) {
      while (client.isAlive()) {
        try {
          client.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    long end = System.nanoTime();
    sample(start, end);
    progress.finish(end - start, reads.sum(), fromCache());
    Throwable failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("a client of the demo failed: " + failed, failed);
    }
    long[] answers = new long[tierCount];
    for (int i = 0; i < tierCount; i++) {
      answers[i] = answered[i].sum();
    }
    return new Result(
        end - start, end - deadline < 0, reads.sum(), writes.sum(), answers, loadedReads.sum(),
        sharedReads.sum(), totals, writeTotal, List.copyOf(timeline));
  }

  private void client(SplittableRandom random, long deadline) {
    ReadProbe probe = ReadProbe.attach();
    Function<String, String> loader =
        key -> {
          probe.loaded();
          return database.load(key);
        };
    int databaseRow = tierCount;
    try {
      while (!stop.get() && System.nanoTime() - deadline < 0) {
        int rank = zipf.sample(random);
        String key = SimulatedDatabase.key(rank);
        if (writeShare > 0 && random.nextDouble() < writeShare) {
          String value = database.write(rank);
          long begin = System.nanoTime();
          cache.put(key, value);
          writeRecorder.recordValue(System.nanoTime() - begin);
          writes.increment();
          continue;
        }
        probe.reset();
        attribution.begin(key, probe);
        long begin = System.nanoTime();
        cache.get(key, loader);
        long elapsed = System.nanoTime() - begin;
        attribution.end(key, probe);
        int row;
        if (probe.wasLoaded()) {
          row = databaseRow;
          loadedReads.increment();
        } else if (probe.answeredBy() != ReadProbe.NO_TIER) {
          row = probe.answeredBy();
          answered[row].increment();
        } else {
          // Neither a tier nor this read's loader: it waited for another client's load of the
          // same key (single flight).
          row = databaseRow;
          sharedReads.increment();
        }
        recorders[row].recordValue(elapsed);
        reads.increment();
      }
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
      stop.set(true);
    } finally {
      ReadProbe.detach();
    }
  }

  private long fromCache() {
    long sum = 0;
    for (LongAdder count : answered) {
      sum += count.sum();
    }
    return sum;
  }

  /** Closes the interval since the previous sample. */
  private void sample(long start, long now) {
    CacheStats stats = cache.stats();
    double[] hitRatio = new double[tierCount];
    for (int i = 0; i < tierCount; i++) {
      TierStats tier = stats.tier(i + 1);
      long requests = tier.requests() - previousRequests[i];
      long hits = tier.hits() + tier.staleHits() - previousHits[i];
      hitRatio[i] = requests > 0 ? 100.0 * hits / requests : Double.NaN;
      previousRequests[i] = tier.requests();
      previousHits[i] = tier.hits() + tier.staleHits();
    }
    long readCount = reads.sum();
    long cached = fromCache();
    long intervalReads = readCount - previousReads;
    double cacheRatio =
        intervalReads > 0 ? 100.0 * (cached - previousFromCache) / intervalReads : Double.NaN;
    previousReads = readCount;
    previousFromCache = cached;
    double[] p99 = new double[tierCount + 1];
    for (int row = 0; row <= tierCount; row++) {
      Histogram interval = recorders[row].getIntervalHistogram();
      totals[row].add(interval);
      p99[row] =
          interval.getTotalCount() > 0 ? interval.getValueAtPercentile(99) / 1_000.0 : Double.NaN;
    }
    writeTotal.add(writeRecorder.getIntervalHistogram());
    timeline.add(new Sample((now - start) / 1e9, hitRatio, cacheRatio, p99));
  }

  /**
   * What a run measured.
   *
   * @param elapsedNanos how long it ran
   * @param stoppedEarly whether it was stopped before its planned end
   * @param reads reads completed
   * @param writes writes completed
   * @param answeredByTier reads answered by each tier, L1 first
   * @param loadedReads reads that ran the loader
   * @param sharedReads reads that waited for another read's load of the same key
   * @param latencies latency in nanoseconds of the reads each tier answered, L1 first, then of
   *     the reads the database answered (loaded or shared)
   * @param writeLatency latency of the writes, in nanoseconds
   * @param timeline one sample a second, and one for the rest of the run
   */
  record Result(
      long elapsedNanos,
      boolean stoppedEarly,
      long reads,
      long writes,
      long[] answeredByTier,
      long loadedReads,
      long sharedReads,
      Histogram[] latencies,
      Histogram writeLatency,
      List<Sample> timeline) {

    /**
     * Returns the reads answered by some tier, without the database.
     *
     * @return the reads the cache answered
     */
    long answeredByCache() {
      long sum = 0;
      for (long count : answeredByTier) {
        sum += count;
      }
      return sum;
    }
  }
}
