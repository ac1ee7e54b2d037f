package io.tiercache.bench.demo;

import org.jspecify.annotations.Nullable;

/**
 * What became of one read of a demo client: which tier answered it, or whether it ran the
 * loader. A client thread owns one probe, {@link #attach() attached} to the thread, and
 * {@link #reset() resets} it before each read; the tier decorators and the loader mark it while
 * the read runs, and the client reads it once the read has returned.
 *
 * <p>Marks may come from another thread (a remote tier's future completes on the store's
 * threads), so the fields are volatile; completing the read's future orders them before the
 * client's look.
 */
final class ReadProbe {

  /** {@link #answeredBy()} when no tier answered. */
  static final int NO_TIER = -1;

  private static final ThreadLocal<ReadProbe> CURRENT = new ThreadLocal<>();

  private volatile int answeredBy = NO_TIER;
  private volatile boolean loaded;

  private ReadProbe() {}

  /**
   * Gives the calling thread a probe of its own.
   *
   * @return the thread's probe
   */
  static ReadProbe attach() {
    ReadProbe probe = new ReadProbe();
    CURRENT.set(probe);
    return probe;
  }

  /** Takes the calling thread's probe away. */
  static void detach() {
    CURRENT.remove();
  }

  /**
   * Returns the calling thread's probe.
   *
   * @return the probe, or {@code null} on a thread that is not a demo client
   */
  static @Nullable ReadProbe current() {
    return CURRENT.get();
  }

  /** Forgets the previous read. */
  void reset() {
    answeredBy = NO_TIER;
    loaded = false;
  }

  /**
   * Records that a tier found the key. A read that goes through several tiers (a retry after a
   * concurrent write) keeps the last one that answered.
   *
   * @param tier the tier's index, 0 for L1
   */
  void answered(int tier) {
    answeredBy = tier;
  }

  /** Records that this read ran the loader itself. */
  void loaded() {
    loaded = true;
  }

  /**
   * Returns the tier that answered the read.
   *
   * @return the tier's index, 0 for L1, or {@link #NO_TIER}
   */
  int answeredBy() {
    return answeredBy;
  }

  /**
   * Tells whether the read ran the loader.
   *
   * @return {@code true} if this read called the database
   */
  boolean wasLoaded() {
    return loaded;
  }
}
