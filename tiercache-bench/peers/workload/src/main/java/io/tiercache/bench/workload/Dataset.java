package io.tiercache.bench.workload;

import java.util.Arrays;

/**
 * The keys and values: {@code k:<i>} for {@code i} from 0 below the size, each with a value of
 * {@value #VALUE_LENGTH} ASCII characters (as many bytes in UTF-8) made from {@code i}, the same in
 * every JVM. The key strings are made once and shared, so that no contender pays for building
 * them.
 */
public final class Dataset {

  /** The length of every value, in characters and in UTF-8 bytes. */
  public static final int VALUE_LENGTH = 100;

  private static final char[] FILL =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final String[] keys;

  /**
   * Creates the data set.
   *
   * @param size the number of keys, at least 1
   */
  public Dataset(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size was " + size + " but must be at least 1");
    }
    this.keys = new String[size];
    Arrays.setAll(keys, i -> "k:" + i);
  }

  /**
   * Returns the number of keys.
   *
   * @return the size
   */
  public int size() {
    return keys.length;
  }

  /**
   * Returns a key.
   *
   * @param index from 0 below {@link #size()}
   * @return the key
   */
  public String key(int index) {
    return keys[index];
  }

  /**
   * Returns the index of a key of this data set.
   *
   * @param key a key such as {@code k:42}
   * @return its index, or -1 if it is not one of the data set's keys
   */
  public int indexOf(String key) {
    if (!key.startsWith("k:")) {
      return -1;
    }
    try {
      int index = Integer.parseInt(key, 2, key.length(), 10);
      return index >= 0 && index < keys.length ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Returns the value of a key, made from its index.
   *
   * @param index from 0 below {@link #size()}
   * @return {@value #VALUE_LENGTH} ASCII characters
   */
  public static String value(int index) {
    char[] chars = new char[VALUE_LENGTH];
    String prefix = "v" + index + ":";
    prefix.getChars(0, prefix.length(), chars, 0);
    for (int i = prefix.length(); i < VALUE_LENGTH; i++) {
      chars[i] = FILL[(index * 31 + i) % FILL.length];
    }
    return new String(chars);
  }
}
