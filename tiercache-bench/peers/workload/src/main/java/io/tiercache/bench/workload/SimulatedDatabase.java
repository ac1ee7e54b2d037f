package io.tiercache.bench.workload;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The database behind every cache: it answers any key of the {@link Dataset} with its value after
 * a fixed latency (none by default: the benchmark measures the caches, and every key is in Redis
 * from the preload on, so the loader runs only for keys Redis lost), and counts its loads.
 */
public final class SimulatedDatabase {

  private final Dataset dataset;
  private final long latencyNanos;
  private final LongAdder loads = new LongAdder();

  /**
   * Creates the database.
   *
   * @param dataset the keys and values it holds
   * @param latencyNanos how long each load parks the calling thread, 0 for none
   */
  public SimulatedDatabase(Dataset dataset, long latencyNanos) {
    this.dataset = dataset;
    this.latencyNanos = latencyNanos;
  }

  /**
   * Loads a key.
   *
   * @param key the key
   * @return its value, or {@code null} if the data set has no such key
   */
  public @Nullable String load(String key) {
    loads.increment();
    if (latencyNanos > 0) {
      LockSupport.parkNanos(latencyNanos);
    }
    int index = dataset.indexOf(key);
    return index < 0 ? null : Dataset.value(index);
  }

  /**
   * Returns the number of loads so far.
   *
   * @return the count
   */
  public long loads() {
    return loads.sum();
  }
}
