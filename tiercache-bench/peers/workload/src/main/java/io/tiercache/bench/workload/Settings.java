package io.tiercache.bench.workload;

import java.util.Objects;

/**
 * What a contender is told: where Redis is, the data set, the size of its in-process tier and the
 * database its loader reads.
 */
public final class Settings {

  private final String redisHost;
  private final int redisPort;
  private final Dataset dataset;
  private final int l1Size;
  private final SimulatedDatabase database;

  /**
   * Creates the settings.
   *
   * @param redisHost the Redis server's host
   * @param redisPort its port
   * @param dataset the keys and values
   * @param l1Size the number of entries the in-process tier holds
   * @param database what the loader reads on a miss
   */
  public Settings(
      String redisHost, int redisPort, Dataset dataset, int l1Size, SimulatedDatabase database) {
    this.redisHost = Objects.requireNonNull(redisHost, "redisHost");
    this.redisPort = redisPort;
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.l1Size = l1Size;
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Returns the Redis server's host.
   *
   * @return the host, such as {@code 127.0.0.1}
   */
  public String redisHost() {
    return redisHost;
  }

  /**
   * Returns the Redis server's port.
   *
   * @return the port
   */
  public int redisPort() {
    return redisPort;
  }

  /**
   * Returns {@code redis://host:port}.
   *
   * @return the URI of database 0
   */
  public String redisUri() {
    return "redis://" + redisHost + ":" + redisPort;
  }

  /**
   * Returns the data set.
   *
   * @return the keys and values
   */
  public Dataset dataset() {
    return dataset;
  }

  /**
   * Returns the number of entries the in-process tier holds.
   *
   * @return the L1 size
   */
  public int l1Size() {
    return l1Size;
  }

  /**
   * Returns the database the loader reads.
   *
   * @return the database
   */
  public SimulatedDatabase database() {
    return database;
  }
}
