package io.tiercache.bench.replay;

import java.util.Arrays;

/**
 * Numbers raw 64-bit keys densely in order of first appearance, on an open-addressing table of
 * primitives (traces have hundreds of thousands of requests; boxing each would dominate reading).
 */
final class KeyNumbering {

  private long[] table = new long[1 << 16];
  private int[] numbers = new int[1 << 16];
  private boolean[] used = new boolean[1 << 16];
  private long[] raw = new long[1 << 12];
  private int size;
  private int[] requests = new int[1 << 12];
  private int length;

  /** Appends a request for a raw key. */
  void add(long key) {
    if (length == requests.length) {
      requests = Arrays.copyOf(requests, length * 2);
    }
    requests[length++] = number(key);
  }

  /** Returns the trace of the requests added so far. */
  Trace toTrace(String name) {
    String[] keys = new String[size];
    for (int i = 0; i < size; i++) {
      keys[i] = Long.toString(raw[i]);
    }
    return new Trace(name, Arrays.copyOf(requests, length), keys);
  }

  private int number(long key) {
    int mask = table.length - 1;
    int slot = mix(key) & mask;
    while (used[slot]) {
      if (table[slot] == key) {
        return numbers[slot];
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    table[slot] = key;
    numbers[slot] = size;
    if (size == raw.length) {
      raw = Arrays.copyOf(raw, size * 2);
    }
    raw[size] = key;
    int number = size++;
    if (size * 2 > table.length) {
      grow();
    }
    return number;
  }

  private void grow() {
    long[] oldTable = table;
    int[] oldNumbers = numbers;
    boolean[] oldUsed = used;
    table = new long[oldTable.length * 2];
    numbers = new int[table.length];
    used = new boolean[table.length];
    int mask = table.length - 1;
    for (int i = 0; i < oldTable.length; i++) {
      if (oldUsed[i]) {
        int slot = mix(oldTable[i]) & mask;
        while (used[slot]) {
          slot = (slot + 1) & mask;
        }
        used[slot] = true;
        table[slot] = oldTable[i];
        numbers[slot] = oldNumbers[i];
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
