package io.tiercache.bench.replay;

import io.tiercache.bench.workload.ZipfSampler;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic trace: requests drawn independently from a Zipf distribution over a fixed number of
 * keys, key of rank {@code r} (from 1) drawn with probability proportional to {@code 1 / r^skew}.
 * Drawn by inverting the exact cumulative distribution (a binary search in a table of one double
 * per key), from a seeded generator, so the same parameters give the same trace.
 *
 * @param skew the exponent, 0 (uniform) or more
 * @param keys the number of keys to draw from, at least 1
 * @param length the number of requests, at least 1
 * @param seed the generator's seed
 */
public record ZipfStream(double skew, int keys, int length, long seed) {

  /** The most keys a stream draws from: its table takes 8 bytes per key. */
  public static final int MAX_KEYS = 1 << 26;

  /**
   * Checks the parameters.
   *
   * @param skew the exponent, 0 or more
   * @param keys the number of keys, 1 to {@link #MAX_KEYS}
   * @param length the number of requests, at least 1
   * @param seed the generator's seed
   * @throws IllegalArgumentException naming the parameter out of range
   */
  public ZipfStream {
    if (!(skew >= 0) || Double.isInfinite(skew)) {
      throw new IllegalArgumentException("skew was " + skew + " but must be 0 or more");
    }
    if (keys < 1 || keys > MAX_KEYS) {
      throw new IllegalArgumentException(
          "keys was " + keys + " but must be from 1 to " + MAX_KEYS);
    }
    if (length < 1) {
      throw new IllegalArgumentException("length was " + length + " but must be at least 1");
    }
  }

  /**
   * Parses {@code skew=0.99,keys=100000,length=1000000[,seed=1]}, as given to {@code --zipf}.
   *
   * @param text the parameters, comma separated, in any order
   * @return the stream
   * @throws IllegalArgumentException naming what is missing, unknown or malformed
   */
  public static ZipfStream parse(String text) {
    Double skew = null;
    Integer keys = null;
    Integer length = null;
    long seed = 1;
    for (String part : text.split(",")) {
      int equals = part.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            "zipf parameter '" + part + "' has no '='; expected"
                + " skew=<s>,keys=<n>,length=<n>[,seed=<n>]");
      }
      String name = part.substring(0, equals).trim();
      String value = part.substring(equals + 1).trim();
      try {
        switch (name) {
          case "skew":
            skew = Double.parseDouble(value);
            break;
          case "keys":
            keys = Math.toIntExact(ReplayOptions.parseCount(value));
            break;
          case "length":
            length = Math.toIntExact(ReplayOptions.parseCount(value));
            break;
          case "seed":
            seed = Long.parseLong(value);
            break;
          default:
            throw new IllegalArgumentException(
                "'" + name + "' is not a zipf parameter; expected skew, keys, length, seed");
        }
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "zipf " + name + " was '" + value + "' but must be a number", e);
      }
    }
    if (skew == null || keys == null || length == null) {
      throw new IllegalArgumentException(
          "zipf needs skew, keys and length, as in skew=0.99,keys=100000,length=1000000");
    }
    return new ZipfStream(skew, keys, length, seed);
  }

  /**
   * Draws the requests.
   *
   * @return the trace, named after the parameters
   */
  public Trace generate() {
    ZipfSampler sampler = new ZipfSampler(keys, skew);
    SplittableRandom random = new SplittableRandom(seed);
    KeyNumbering numbering = new KeyNumbering();
    for (int i = 0; i < length; i++) {
      int rank = sampler.sample(random) - 1;
      numbering.add(rank);
    }
    return numbering.toTrace(
        String.format(Locale.ROOT, "zipf(skew=%s,keys=%d,length=%d,seed=%d)", skew, keys, length, seed));
  }
}
