package io.tiercache.bench.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The slow store behind the demo's cache: every key {@code item:<rank>} has a row whose value
 * changes with each write; a load waits the configured latency, as a query over the network
 * would, then returns the row's current value.
 *
 * <p>Safe for concurrent use.
 */
final class SimulatedDatabase {

  /** The prefix of every key; the rest is the key's rank, from 1. */
  static final String KEY_PREFIX = "item:";

  /** Filler that makes each value about the size of a small serialized row. */
  private static final String PAYLOAD = " name=Widget;category=tools;price=19.99;stock=42;"
      + "description=A realistic payload of a couple of hundred bytes, as a product row or a"
      + " rendered fragment would be, so that byte-storing tiers do real work.";

  private final long latencyNanos;
  private final AtomicIntegerArray versions;
  private final LongAdder loads = new LongAdder();

  /**
   * Creates the store.
   *
   * @param keys the number of rows, at least 1
   * @param latency how long each load takes
   */
  SimulatedDatabase(int keys, Duration latency) {
    this.latencyNanos = latency.toNanos();
    this.versions = new AtomicIntegerArray(keys + 1);
  }

  /**
   * Returns the key of a rank.
   *
   * @param rank from 1
   * @return the key
   */
  static String key(int rank) {
    return KEY_PREFIX + rank;
  }

  /**
   * Loads a row, taking the configured latency.
   *
   * @param key a key made by {@link #key}
   * @return the row's current value
   */
  String load(String key) {
    loads.increment();
    int rank = Integer.parseInt(key, KEY_PREFIX.length(), key.length(), 10);
    long deadline = System.nanoTime() + latencyNanos;
    for (long left = latencyNanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    return value(rank, versions.get(rank));
  }

  /**
   * Changes a row, at once (writes are not what the demo measures), and returns its new value for
   * the cache.
   *
   * @param rank the row's rank, from 1
   * @return the new value
   */
  String write(int rank) {
    return value(rank, versions.incrementAndGet(rank));
  }

  /**
   * Returns the number of loads so far.
   *
   * @return the loads
   */
  long loads() {
    return loads.sum();
  }

  private static String value(int rank, int version) {
    return KEY_PREFIX + rank + " v" + version + PAYLOAD;
  }
}
