package io.tiercache.bench.replay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * The reference hit ratios a replay is compared with, each one cache of the L1's size on its own,
 * every miss admitted: Belady's optimum (the best any policy could do knowing the future), LRU,
 * and Caffeine (W-TinyLFU).
 */
public final class References {

  private References() {}

  /**
   * Returns the hits of Belady's optimal policy (MIN): on a miss with the cache full, drop the key
   * whose next request is farthest away, which may be the key just requested (it is then not
   * kept). Offline: needs the whole trace.
   *
   * @param trace the trace
   * @param size the cache's size in entries, at least 1
   * @return the number of hits
   */
  public static long opt(Trace trace, int size) {
    int n = trace.length();
    int[] nextUse = new int[n];
    int[] seenAt = new int[trace.distinctKeys()];
    Arrays.fill(seenAt, Integer.MAX_VALUE);
    for (int i = n - 1; i >= 0; i--) {
      int key = trace.request(i);
      nextUse[i] = seenAt[key];
      seenAt[key] = i;
    }
    // The next request of each cached key, and a max-heap of (next request, key) pairs in which
    // pairs are left behind when a key's next request changes; they are skipped when met.
    int[] cachedUntil = new int[trace.distinctKeys()];
    Arrays.fill(cachedUntil, -1);
    LongMaxHeap heap = new LongMaxHeap(Math.min(n, size * 4 + 16));
    int held = 0;
    long hits = 0;
    for (int i = 0; i < n; i++) {
      int key = trace.request(i);
      int next = nextUse[i];
      if (cachedUntil[key] >= 0) {
        hits++;
        cachedUntil[key] = next;
        heap.push(pair(next, key));
        continue;
      }
      if (held == size) {
        long farthest = validTop(heap, cachedUntil);
        if (next >= (int) (farthest >>> 32)) {
          continue; // the requested key is the one needed last: do not keep it
        }
        heap.pop();
        cachedUntil[(int) farthest] = -1;
        held--;
      }
      cachedUntil[key] = next;
      heap.push(pair(next, key));
      held++;
    }
    return hits;
  }

  private static long pair(int next, int key) {
    return ((long) next << 32) | key;
  }

  private static long validTop(LongMaxHeap heap, int[] cachedUntil) {
    while (true) {
      long top = heap.peek();
      int key = (int) top;
      if (cachedUntil[key] == (int) (top >>> 32)) {
        return top;
      }
      heap.pop();
    }
  }

  /**
   * Returns the hits of a least-recently-used cache.
   *
   * @param trace the trace
   * @param size the cache's size in entries, at least 1
   * @return the number of hits
   */
  public static long lru(Trace trace, int size) {
    int keys = trace.distinctKeys();
    // A doubly linked list over key numbers, most recent at the head; -1 ends it.
    int[] prev = new int[keys];
    int[] next = new int[keys];
    boolean[] cached = new boolean[keys];
    int head = -1;
    int tail = -1;
    int held = 0;
    long hits = 0;
    for (int i = 0; i < trace.length(); i++) {
      int key = trace.request(i);
      if (cached[key]) {
        hits++;
        if (key == head) {
          continue;
        }
        // Unlink, then push at the head.
        next[prev[key]] = next[key];
        if (next[key] >= 0) {
          prev[next[key]] = prev[key];
        } else {
          tail = prev[key];
        }
      } else {
        if (held == size) {
          int victim = tail;
          tail = prev[victim];
          if (tail >= 0) {
            next[tail] = -1;
          } else {
            head = -1;
          }
          cached[victim] = false;
          held--;
        }
        cached[key] = true;
        held++;
      }
      prev[key] = -1;
      next[key] = head;
      if (head >= 0) {
        prev[head] = key;
      }
      head = key;
      if (tail < 0) {
        tail = key;
      }
    }
    return hits;
  }

  /**
   * Returns the hits of a Caffeine cache bounded to {@code size} entries, every miss put. Its
   * admission has a random element (a rare admission of a warm candidate, against hash flooding),
   * so two runs may differ slightly.
   *
   * @param trace the trace
   * @param size the cache's size in entries, at least 1
   * @return the number of hits
   */
  public static long caffeine(Trace trace, int size) {
    Cache<String, Boolean> cache =
        Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).build();
    long hits = 0;
    for (int i = 0; i < trace.length(); i++) {
      String key = trace.key(trace.request(i));
      if (cache.getIfPresent(key) != null) {
        hits++;
      } else {
        cache.put(key, Boolean.TRUE);
      }
    }
    return hits;
  }

  /** A binary max-heap of longs. */
  private static final class LongMaxHeap {
    private long[] items;
    private int size;

    LongMaxHeap(int capacity) {
      items = new long[Math.max(16, capacity)];
    }

    void push(long item) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      int at = size++;
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (items[parent] >= item) {
          break;
        }
        items[at] = items[parent];
        at = parent;
      }
      items[at] = item;
    }

    long peek() {
      return items[0];
    }

    void pop() {
      long last = items[--size];
      int at = 0;
      int half = size >>> 1;
      while (at < half) {
        int child = 2 * at + 1;
        if (child + 1 < size && items[child + 1] > items[child]) {
          child++;
        }
        if (items[child] <= last) {
          break;
        }
        items[at] = items[child];
        at = child;
      }
      items[at] = last;
    }
  }
}
