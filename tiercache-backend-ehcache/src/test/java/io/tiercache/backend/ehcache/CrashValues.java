package io.tiercache.backend.ehcache;

import io.tiercache.spi.CacheEntry;
import java.time.Duration;
import java.util.Set;

/**
 * The entries the child JVM writes: write {@code i} goes to key {@code k<i % KEYS>} with a value
 * that names {@code i} and a payload derived from it, so that any value read back can be checked
 * to be one that was written under its key, whole.
 */
final class CrashValues {

  /** The number of distinct keys written. */
  static final int KEYS = 64;

  private static final int PAYLOAD_LONGS = 40;

  private CrashValues() {}

  static String key(int i) {
    return "k" + (i % KEYS);
  }

  static String tag(int i) {
    return "t" + (i % 4);
  }

  static String value(int i) {
    StringBuilder value = new StringBuilder("v").append(i).append(':');
    long x = i * 0x9E3779B97F4A7C15L + 1;
    for (int n = 0; n < PAYLOAD_LONGS; n++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      value.append(Long.toHexString(x)).append('.');
    }
    return value.toString();
  }

  static CacheEntry<String> entry(int i, long now) {
    return CacheEntry.of(value(i), now, Duration.ofDays(1), Duration.ZERO, Set.of(tag(i)));
  }

  /**
   * Returns the write a value read back under a key came from, checking that it is one that was
   * written under that key, whole, with its tag.
   *
   * @throws AssertionError if it is not
   */
  static int writeOf(String key, CacheEntry<String> read) {
    String value = read.value();
    int colon = value.indexOf(':');
    if (!value.startsWith("v") || colon < 0) {
      throw new AssertionError("under " + key + ": a value never written: " + value);
    }
    int i;
    try {
      i = Integer.parseInt(value.substring(1, colon));
    } catch (NumberFormatException e) {
      throw new AssertionError("under " + key + ": a value never written: " + value, e);
    }
    if (!key(i).equals(key)) {
      throw new AssertionError("under " + key + ": the value of write " + i + ", of " + key(i));
    }
    if (!value(i).equals(value)) {
      throw new AssertionError("under " + key + ": write " + i + " read back partial or damaged");
    }
    if (!read.tags().equals(Set.of(tag(i)))) {
      throw new AssertionError("under " + key + ": write " + i + " read back with tags "
          + read.tags());
    }
    return i;
  }
}
