package io.tiercache.core.internal;

import java.util.Arrays;

/**
 * A fixed pool of nodes, each holding a 64-bit key hash, found through an open-addressing index
 * and kept in one of a few doubly linked lists (segments), most recent first. The building block
 * of the miniature tiers: no allocation after construction, and memory fixed by the capacity. Not
 * safe for concurrent use.
 */
final class KeyLists {

  private static final int NONE = -1;

  private final int capacity;
  private final long[] hashes;
  private final int[] prev;
  private final int[] next;
  private final byte[] segmentOf;
  private final int[] heads;
  private final int[] tails;
  private final int[] sizes;
  /** Node index plus one per slot; 0 is an empty slot. */
  private final int[] index;
  private final int mask;
  private int free;
  private int used;

  /**
   * Creates empty lists.
   *
   * @param capacity the most nodes held at once, at least 1
   * @param segments the number of lists, 1 to 127
   */
  KeyLists(int capacity, int segments) {
    this.capacity = capacity;
    this.hashes = new long[capacity];
    this.prev = new int[capacity];
    this.next = new int[capacity];
    this.segmentOf = new byte[capacity];
    this.heads = new int[segments];
    this.tails = new int[segments];
    this.sizes = new int[segments];
    int slots = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
    this.index = new int[slots];
    this.mask = slots - 1;
    clear();
  }

  /** Removes every node. */
  void clear() {
    Arrays.fill(index, 0);
    Arrays.fill(heads, NONE);
    Arrays.fill(tails, NONE);
    Arrays.fill(sizes, 0);
    // The free nodes are chained through next[].
    for (int i = 0; i < capacity; i++) {
      next[i] = i + 1 < capacity ? i + 1 : NONE;
    }
    free = 0;
    used = 0;
  }

  /** Returns the node of a hash, or -1. */
  int find(long hash) {
    int slot = slotOf(hash);
    while (true) {
      int entry = index[slot];
      if (entry == 0) {
        return NONE;
      }
      if (hashes[entry - 1] == hash) {
        return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Returns the number of nodes held. */
  int size() {
    return used;
  }

  /** Returns the number of nodes in a segment. */
  int size(int segment) {
    return sizes[segment];
  }

  /** Returns a node's segment. */
  int segmentOf(int node) {
    return segmentOf[node];
  }

  /** Returns a node's hash. */
  long hashOf(int node) {
    return hashes[node];
  }

  /** Returns a segment's least recent node, or -1 if it is empty. */
  int leastRecent(int segment) {
    return tails[segment];
  }

  /**
   * Adds a hash not held yet at the head of a segment; the pool must not be full.
   *
   * @return the new node
   */
  int add(long hash, int segment) {
    int node = free;
    if (node == NONE) {
      throw new IllegalStateException("no free node");
    }
    free = next[node];
    used++;
    hashes[node] = hash;
    int slot = slotOf(hash);
    while (index[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    index[slot] = node + 1;
    linkFirst(node, segment);
    return node;
  }

  /** Moves a node to the head of a segment (its own or another). */
  void moveToFront(int node, int segment) {
    unlink(node);
    linkFirst(node, segment);
  }

  /** Removes a node. */
  void remove(int node) {
    unlink(node);
    // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
    int slot = slotOf(hashes[node]);
    while (index[slot] != node + 1) {
      slot = (slot + 1) & mask;
    }
    int hole = slot;
    int probe = (slot + 1) & mask;
    while (index[probe] != 0) {
      int home = slotOf(hashes[index[probe] - 1]);
      // Move the entry back into the hole unless its home lies cyclically in (hole, probe].
      boolean stays = hole <= probe ? (hole < home && home <= probe) : (hole < home || home <= probe);
      if (!stays) {
        index[hole] = index[probe];
        hole = probe;
      }
      probe = (probe + 1) & mask;
    }
    index[hole] = 0;
    next[node] = free;
    free = node;
    used--;
  }

  /** Returns the memory the arrays take, in bytes. */
  long footprintBytes() {
    return 64 + 16L * 8 + (long) capacity * (8 + 4 + 4 + 1) + (long) index.length * 4
        + (long) heads.length * 12;
  }

  private void linkFirst(int node, int segment) {
    segmentOf[node] = (byte) segment;
    prev[node] = NONE;
    next[node] = heads[segment];
    if (heads[segment] != NONE) {
      prev[heads[segment]] = node;
    } else {
      tails[segment] = node;
    }
    heads[segment] = node;
    sizes[segment]++;
  }

  private void unlink(int node) {
    int segment = segmentOf[node];
    int before = prev[node];
    int after = next[node];
    if (before != NONE) {
      next[before] = after;
    } else {
      heads[segment] = after;
    }
    if (after != NONE) {
      prev[after] = before;
    } else {
      tails[segment] = before;
    }
    sizes[segment]--;
  }

  private int slotOf(long hash) {
    long h = hash * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }
}
