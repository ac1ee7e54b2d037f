package io.tiercache.bench.demo;

/**
 * One point of the demo's timeline: what happened in one interval of the run, usually a second.
 * Values are {@link Double#NaN} where nothing was measured (no read reached a tier, or none was
 * answered by it).
 *
 * @param seconds the end of the interval, in seconds since the workload started
 * @param hitRatio per tier, L1 first: the share of the reads that reached the tier which it
 *     answered, in percent
 * @param cacheRatio the share of all reads answered by some tier, in percent
 * @param p99Micros per tier, L1 first, then the database: the 99th percentile latency of the
 *     reads it answered, in microseconds
 */
record Sample(double seconds, double[] hitRatio, double cacheRatio, double[] p99Micros) {}
