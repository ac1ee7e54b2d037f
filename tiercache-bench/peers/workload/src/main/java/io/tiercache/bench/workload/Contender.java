package io.tiercache.bench.workload;

import org.jspecify.annotations.Nullable;

/**
 * One library under test in the peers benchmark, registered in
 * {@code META-INF/services/io.tiercache.bench.workload.Contender} of its module. Implementations
 * need a public no-argument constructor.
 */
public interface Contender {

  /**
   * Returns the name the peers command selects it by.
   *
   * @return a short lower-case name such as {@code jetcache}
   */
  String name();

  /**
   * Returns what is measured, in one line: the library, its version and its configuration.
   *
   * @return the description
   */
  String describe();

  /**
   * Connects a client to the benchmark's Redis server.
   *
   * @param settings where Redis is, the data set, the L1 size and the database behind the cache
   * @return the client, used by every thread of the run
   * @throws Exception if it cannot connect
   */
  Client open(Settings settings) throws Exception;

  /** A connected contender: the operations the workload times. Safe for concurrent use. */
  interface Client extends AutoCloseable {

    /**
     * Writes every key of the data set to Redis in this contender's own format, leaving any
     * in-process tier empty. Not timed.
     *
     * @throws Exception if a write fails
     */
    void preload() throws Exception;

    /**
     * Reads a key through the cache; on a miss of every tier, loads it from
     * {@link Settings#database()} and writes it back as the library does.
     *
     * @param key the key
     * @return the value, or {@code null} if even the database has none
     */
    @Nullable String get(String key);

    /**
     * Writes a key through the cache, as the library's ordinary write does (every tier, and
     * whatever it tells other processes).
     *
     * @param key the key
     * @param value the value
     */
    void put(String key, String value);

    /**
     * Returns statistics the library keeps, for the report, such as its L1 hit ratio.
     *
     * @return one line, or empty
     */
    default String stats() {
      return "";
    }

    /** Closes the connections. */
    @Override
    void close();
  }
}
