/**
 * The bench's command line. {@link io.tiercache.bench.Main} dispatches to one
 * {@link io.tiercache.bench.Subcommand} per task:
 *
 * <ul>
 *   <li>{@code demo} ({@link io.tiercache.bench.demo}): the README's first command; runs a Zipf
 *       workload with writes through a stack in front of a slow simulated database, then prints a
 *       table per tier and writes a PNG chart of hit ratio and latency per tier over the run.
 *   <li>{@code replay} ({@link io.tiercache.bench.replay}): replays cache access traces or a
 *       synthetic Zipf stream through a two-tier stack for each promotion strategy and write
 *       policy asked for, and prints hit ratios, L1 writes and promoter memory next to Belady's
 *       optimum, LRU and Caffeine alone, as a Markdown report.
 * </ul>
 *
 * <p>The bench is an application, not a library: it has no module descriptor and runs on the
 * class path, where the backends it depends on are found through {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.tiercache.bench;

import org.jspecify.annotations.NullMarked;
