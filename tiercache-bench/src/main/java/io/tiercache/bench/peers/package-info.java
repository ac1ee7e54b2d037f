/**
 * {@code peers}: the mixed workload of the issue side by side, each contender in a JVM of its own.
 *
 * <p>{@link io.tiercache.bench.peers.PeersCommand} starts one redis-server, and for each contender
 * flushes it and starts {@code java -cp <the contender's class path>
 * io.tiercache.bench.workload.ContenderMain}: the harness of module
 * {@code tiercache-bench-workload}, the same in every JVM (same Zipf key sequence from a fixed
 * seed, same 100-byte values, same loader, warm-up then measurement, HdrHistogram percentiles,
 * one JSON line per result). tiercache ({@link io.tiercache.bench.peers.TierCacheContender}) and
 * Redis alone through Lettuce ({@link io.tiercache.bench.peers.LettuceContender}) run from the
 * bench's own class path; JetCache, Redisson, J2Cache and Jedis from their modules under
 * {@code tiercache-bench/peers}, since Redisson needs Netty 4.1 where Lettuce 7 needs 4.2.
 */
@NullMarked
package io.tiercache.bench.peers;

import org.jspecify.annotations.NullMarked;
