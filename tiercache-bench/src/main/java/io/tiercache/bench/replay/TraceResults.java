package io.tiercache.bench.replay;

import java.util.List;

/**
 * Everything replayed on one trace.
 *
 * @param trace the trace
 * @param l1Size the L1 size used, in entries
 * @param optHits Belady OPT's hits, or -1 if not computed
 * @param lruHits LRU's hits, or -1 if not computed
 * @param caffeineHits Caffeine's hits in each run, empty if not computed
 * @param configurations the configurations replayed, in the order asked
 */
record TraceResults(
    Trace trace,
    long l1Size,
    long optHits,
    long lruHits,
    List<Long> caffeineHits,
    List<ConfigurationRuns> configurations) {

  TraceResults {
    caffeineHits = List.copyOf(caffeineHits);
    configurations = List.copyOf(configurations);
  }
}
