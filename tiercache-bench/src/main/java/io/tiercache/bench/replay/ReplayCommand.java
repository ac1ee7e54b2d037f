package io.tiercache.bench.replay;

import io.tiercache.TieredCache;
import io.tiercache.WritePolicy;
import io.tiercache.bench.Subcommand;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.PromotionStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * {@code replay}: replays traces or a Zipf stream through two-tier stacks and prints a Markdown
 * report; see {@link ReplayOptions#USAGE} for the arguments. Configurations run in parallel, one
 * thread each (every stack is replayed by one thread, in trace order).
 */
public final class ReplayCommand implements Subcommand {

  /** Creates the subcommand. */
  public ReplayCommand() {}

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String summary() {
    return "replays traces or a Zipf stream through tier stacks; hit ratios, L1 writes, memory";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    ReplayOptions options;
    try {
      options = ReplayOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println();
      err.println(ReplayOptions.USAGE);
      return 2;
    }
    if (options.help) {
      out.println(ReplayOptions.USAGE);
      return 0;
    }
    try {
      String report = replay(options, err);
      out.print(report);
      out.flush();
      if (options.out != null) {
        Files.writeString(options.out, report, StandardCharsets.UTF_8);
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("replay failed: " + e);
      return 1;
    }
  }

  /** Runs everything the options ask for and returns the report. */
  static String replay(ReplayOptions options, PrintStream progress) {
    List<Trace> traces = new ArrayList<>();
    for (Path path : options.traces) {
      traces.add(TraceReader.read(path, options.format));
    }
    if (options.zipf != null) {
      traces.add(options.zipf.generate());
    }
    // Every stack's URI is checked before anything runs, so a typo fails in a second.
    for (Trace trace : traces) {
      for (Configuration configuration : configurations(options)) {
        io.tiercache.BackendRegistry.load()
            .check(configuration.tiers(options.l1SizeFor(trace.distinctKeys()), options.l2));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.threads);
    try {
      List<PendingTrace> pending = new ArrayList<>();
      for (Trace trace : traces) {
        pending.add(submit(pool, trace, options));
      }
      List<TraceResults> results = new ArrayList<>();
      for (PendingTrace trace : pending) {
        TraceResults done = trace.await();
        progress.printf(
            Locale.ROOT, "replayed %s: %d configurations%n", done.trace(),
            done.configurations().size());
        results.add(done);
      }
      StringBuilder report = new StringBuilder(ReplayReport.markdown(results, options));
      if (options.footprintKeys > 0) {
        report.append(footprint(options));
      }
      return report.toString();
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Configuration> configurations(ReplayOptions options) {
    List<Configuration> all = new ArrayList<>();
    for (L1Tier l1 : options.l1) {
      for (WritePolicy write : options.writes) {
        for (String rule : options.rules) {
          all.add(new Configuration(l1, write, rule));
        }
      }
    }
    return all;
  }

  private static PendingTrace submit(ExecutorService pool, Trace trace, ReplayOptions options) {
    long size = options.l1SizeFor(trace.distinctKeys());
    int cacheSize = (int) Math.min(Integer.MAX_VALUE, size);
    PendingTrace pending = new PendingTrace(trace, size);
    if (options.references) {
      pending.opt = pool.submit(() -> References.opt(trace, cacheSize));
      pending.lru = pool.submit(() -> References.lru(trace, cacheSize));
      for (int run = 0; run < options.runs; run++) {
        pending.caffeine.add(pool.submit(() -> References.caffeine(trace, cacheSize)));
      }
    }
    for (Configuration configuration : configurations(options)) {
      int runs = isRandomised(configuration.l1()) ? options.runs : 1;
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        outcomes.add(
            pool.submit(() -> Replayer.replay(trace, size, configuration, options.l2)));
      }
      pending.configurations.add(configuration);
      pending.outcomes.add(outcomes);
    }
    return pending;
  }

  /** Caffeine's admission draws random numbers; the other L1s here are deterministic. */
  private static boolean isRandomised(L1Tier l1) {
    return l1.uriTemplate().startsWith("caffeine:");
  }

  private static String footprint(ReplayOptions options) {
    long keys = options.footprintKeys;
    long size = options.l1SizeFor(keys);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "#### Promoter footprint of the default after %,d distinct keys (L1 = %,d entries)%n%n"
                + "| L1 | strategy | bytes before | bytes after | KiB after |%n"
                + "|---|---|---:|---:|---:|%n",
            keys, size));
    for (L1Tier l1 : options.l1) {
      Configuration configuration =
          new Configuration(l1, WritePolicy.WRITE_THROUGH, Configuration.DEFAULT);
      try (TieredCache<String> cache =
          TieredCache.builder(ValueCodec.utf8())
              .clock(new ManualClock())
              .coherence(false)
              .tiers(configuration.tiers(size, options.l2))
              .build()) {
        PromotionStrategy strategy = cache.promotionStrategy(1).orElseThrow();
        long before = strategy.footprintBytes();
        // Each key is read once, missed everywhere and loaded (written down the stack); after
        // every tenth, the key before it is read again and found below.
        for (long i = 0; i < keys; i++) {
          String key = "key:" + i;
          strategy.recordAccess(key, false, 0);
          strategy.admitWrite(key, 0);
          strategy.forget(key);
          if (i % 10 == 9) {
            String again = "key:" + (i - 1);
            strategy.recordAccess(again, false, 0);
            strategy.shouldPromote(again, 0);
          }
        }
        long after = strategy.footprintBytes();
        out.append(
            String.format(
                Locale.ROOT, "| %s | %s | %,d | %,d | %.1f |%n",
                l1.name(), strategy, before, after, after / 1024.0));
      }
    }
    return out.append('\n').toString();
  }

  /** The futures of one trace's runs. */
  private static final class PendingTrace {
    final Trace trace;
    final long l1Size;
    @Nullable Future<Long> opt;
    @Nullable Future<Long> lru;
    final List<Future<Long>> caffeine = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();
    final List<List<Future<Outcome>>> outcomes = new ArrayList<>();

    PendingTrace(Trace trace, long l1Size) {
      this.trace = trace;
      this.l1Size = l1Size;
    }

    TraceResults await() {
      try {
        List<Long> caffeineHits = new ArrayList<>();
        for (Future<Long> run : caffeine) {
          caffeineHits.add(run.get());
        }
        List<ConfigurationRuns> runs = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
          List<Outcome> done = new ArrayList<>();
          for (Future<Outcome> outcome : outcomes.get(i)) {
            done.add(outcome.get());
          }
          runs.add(new ConfigurationRuns(configurations.get(i), done));
        }
        return new TraceResults(
            trace, l1Size, opt == null ? -1 : opt.get(), lru == null ? -1 : lru.get(),
            caffeineHits, runs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while replaying " + trace, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        throw new IllegalStateException("replaying " + trace + " failed: " + cause, cause);
      }
    }
  }
}
