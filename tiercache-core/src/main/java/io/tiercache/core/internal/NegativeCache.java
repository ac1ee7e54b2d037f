package io.tiercache.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, for a short time, keys whose loader found nothing, so that repeated reads of a
 * missing key do not reach the loader (or the lower tiers) each time.
 *
 * <p>A direct-mapped table of fixed size: each key hashes to one slot, and a newer absent key
 * simply replaces an older one in its slot. Memory is fixed whatever the number of keys; a lost
 * slot costs one more load, never a wrong answer. Safe for concurrent use.
 */
public final class NegativeCache {

  private final int mask;
  private final AtomicReferenceArray<@Nullable Slot> slots;

  /**
   * Creates the table.
   *
   * @param size the number of slots, rounded up to a power of two
   */
  public NegativeCache(int size) {
    int rounded = Integer.highestOneBit(Math.max(2, size - 1)) << 1;
    this.mask = rounded - 1;
    this.slots = new AtomicReferenceArray<>(rounded);
  }

  /**
   * Tells whether a key is known to be absent.
   *
   * @param key the key
   * @param nowMillis the stack's clock
   * @return {@code true} if a loader found nothing for it less than the negative TTL ago
   */
  public boolean isAbsent(String key, long nowMillis) {
    Slot slot = slots.get(index(key));
    return slot != null && nowMillis < slot.expiresAt && slot.key.equals(key);
  }

  /**
   * Records that a key is absent until a time.
   *
   * @param key the key
   * @param expiresAtMillis when to forget it
   */
  public void put(String key, long expiresAtMillis) {
    slots.set(index(key), new Slot(key, expiresAtMillis));
  }

  /**
   * Forgets a key, after it was written or invalidated.
   *
   * @param key the key
   */
  public void forget(String key) {
    int index = index(key);
    Slot slot = slots.get(index);
    if (slot != null && slot.key.equals(key)) {
      slots.compareAndSet(index, slot, null);
    }
  }

  /** Forgets every key. */
  public void clear() {
    for (int i = 0; i <= mask; i++) {
      slots.set(i, null);
    }
  }

  private int index(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  private static final class Slot {
    final String key;
    final long expiresAt;

    Slot(String key, long expiresAt) {
      this.key = key;
      this.expiresAt = expiresAt;
    }
  }
}
