/**
 * The workload harness of the side-by-side benchmark ({@code peers}): what every contender runs,
 * each in its own JVM with its own class path, so that libraries needing different Netty lines
 * (Redisson 4.1, Lettuce 7 4.2) never share one.
 *
 * <p>{@link io.tiercache.bench.workload.ContenderMain} is the entry point of such a JVM. It finds
 * the contender named on its command line through {@link java.util.ServiceLoader} (each peer
 * module registers one {@link io.tiercache.bench.workload.Contender}), has it write every key of
 * the {@link io.tiercache.bench.workload.Dataset} to Redis in its own format, then runs each
 * {@link io.tiercache.bench.workload.Workload} asked for: client threads drawing keys from one
 * Zipf sequence made with a fixed seed, reading through the contender with a loader backed by a
 * {@link io.tiercache.bench.workload.SimulatedDatabase}, and writing a share of the time; a
 * warm-up, then a measurement whose throughput and latency percentiles (HdrHistogram) it prints
 * as one line of JSON.
 *
 * <p>This module depends on nothing but HdrHistogram, so that it fits every peer's class path.
 */
@NullMarked
package io.tiercache.bench.workload;

import org.jspecify.annotations.NullMarked;
