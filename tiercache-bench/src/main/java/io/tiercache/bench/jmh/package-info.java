/**
 * JMH benchmarks, run through the bench's jar:
 * {@code java -jar tiercache-bench/target/tiercache-bench.jar jmh <regex> [JMH options]}
 * ({@link io.tiercache.bench.jmh.JmhCommand}).
 *
 * <ul>
 *   <li>{@link io.tiercache.bench.jmh.L1HitBenchmark}: the cost of an L1 hit, tiercache against
 *       raw Caffeine with the same size bound and the same kind of per-entry expiry; the
 *       contenders come from one enum, {@link io.tiercache.bench.jmh.L1Cache}.
 *   <li>{@link io.tiercache.bench.jmh.L2HitBenchmark}: reads answered by a real redis-server,
 *       tiercache (an L1 that never holds them, then Redis) against raw Lettuce {@code GET} at
 *       the same number of threads; the contenders come from
 *       {@link io.tiercache.bench.jmh.L2Client}.
 * </ul>
 */
@NullMarked
package io.tiercache.bench.jmh;

import org.jspecify.annotations.NullMarked;
