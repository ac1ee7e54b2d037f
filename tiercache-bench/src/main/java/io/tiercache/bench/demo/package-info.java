/**
 * {@code demo}, the README's first command: a realistic workload through a real
 * {@link io.tiercache.TieredCache}, reported per tier.
 *
 * <p>{@link io.tiercache.bench.demo.DemoCommand} builds the stack (by default Caffeine over a
 * persistent Ehcache disk tier in a temporary folder; any stack with {@code --tiers}), runs client
 * threads that read Zipf-distributed keys with {@code get(key, loader)} and write a share of them
 * with {@code put}, against a simulated database whose loads take a set latency, and shows a
 * progress bar. It then prints, per tier, the requests that reached it, its hits and hit ratio,
 * the promotions into it, the p50 and p99 latency of the reads it answered and the loads it
 * avoided, compared with a loader-only baseline; and it draws a PNG chart of hit ratio and p99
 * latency per tier, one point a second.
 *
 * <p>The tiered core counts hits per tier but does not say which tier answered a given read, which
 * per-tier latency needs. The demo therefore opens each tier itself, wraps it in a decorator that
 * marks the reading thread's probe on a hit (an in-process tier stays a
 * {@link io.tiercache.spi.LocalCacheBackend}, so the L1 path stays synchronous), and builds the
 * cache from the wrapped tiers with their common options.
 */
@NullMarked
package io.tiercache.bench.demo;

import org.jspecify.annotations.NullMarked;
