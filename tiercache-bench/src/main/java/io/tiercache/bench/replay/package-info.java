/**
 * Trace replay: what each promotion strategy and write policy does to an L1's hit ratio and
 * writes, on real access traces and synthetic Zipf streams.
 *
 * <p>{@link io.tiercache.bench.replay.TraceReader} reads a trace file into memory (gzip, xz or
 * plain; one integer a line, or big-endian 32-bit or 64-bit integers), numbering its keys
 * densely; {@link io.tiercache.bench.replay.ZipfStream} draws a synthetic one.
 * {@link io.tiercache.bench.replay.Replayer} runs a trace through a real two-tier
 * {@link io.tiercache.TieredCache} (the L1 under test over an unbounded L2), each request a
 * {@code get(key, loader)}, and reads the tiers' statistics; {@link
 * io.tiercache.bench.replay.References} computes what one cache of the L1's size would do alone:
 * Belady's offline optimum, LRU and Caffeine. {@link io.tiercache.bench.replay.ReplayCommand}
 * runs the matrix of L1 tiers, write policies and strategies in parallel and prints a Markdown
 * report whose summary sets the default strategy against the best fixed rule.
 *
 * <p>The clock of replayed stacks stands still: entries never expire and promotion windows are
 * counted in requests ({@code hit-rate:2/4xL1} is written for 2 hits within 4 times the L1's size
 * in requests).
 */
@NullMarked
package io.tiercache.bench.replay;

import org.jspecify.annotations.NullMarked;
