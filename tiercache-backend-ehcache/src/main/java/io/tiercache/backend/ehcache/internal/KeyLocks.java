package io.tiercache.backend.ehcache.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks, one chosen per key by its hash: every change of a key's entry and of its
 * place in the tag index happens under the key's lock, because Ehcache offers no atomic
 * read-modify-write of a mapping in its public API. Two keys may share a lock; that only
 * serialises them. The locks are reentrant, so {@link #lockAll()} can be followed by work that
 * takes a key's lock again.
 *
 * <p>Safe for concurrent use.
 */
public final class KeyLocks {

  private final ReentrantLock[] locks;
  private final int mask;

  /**
   * Creates the locks.
   *
   * @param count how many; rounded up to a power of two, at least 1
   * @throws IllegalArgumentException if {@code count} is not positive or above 2^20
   */
  public KeyLocks(int count) {
    if (count < 1 || count > (1 << 20)) {
      throw new IllegalArgumentException("count was " + count + " but must be 1 to 1048576");
    }
    int size = Integer.highestOneBit(count);
    if (size < count) {
      size <<= 1;
    }
    locks = new ReentrantLock[size];
    for (int i = 0; i < size; i++) {
      locks[i] = new ReentrantLock();
    }
    mask = size - 1;
  }

  /**
   * Returns the lock of a key.
   *
   * @param key the key
   * @return its lock
   */
  public ReentrantLock of(String key) {
    int h = key.hashCode();
    // Spread the high bits down: String.hashCode of similar keys differs mostly in low bits.
    h ^= h >>> 16;
    return locks[h & mask];
  }

  /** Takes every lock, in a fixed order, so that no change of any key is under way. */
  public void lockAll() {
    for (ReentrantLock lock : locks) {
      lock.lock();
    }
  }

  /** Releases every lock taken by {@link #lockAll()}. */
  public void unlockAll() {
    for (int i = locks.length - 1; i >= 0; i--) {
      locks[i].unlock();
    }
  }

  /**
   * Returns the number of locks.
   *
   * @return a power of two
   */
  public int size() {
    return locks.length;
  }
}
