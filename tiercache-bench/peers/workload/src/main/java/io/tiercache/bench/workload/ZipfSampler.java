package io.tiercache.bench.workload;

import java.util.SplittableRandom;

/**
 * Draws ranks from 1 to {@code n}, rank {@code r} with probability proportional to
 * {@code 1 / r^exponent}, in constant time and memory, by rejection-inversion (W. Hörmann and
 * G. Derflinger, "Rejection-inversion to generate variates from monotone discrete distributions",
 * ACM TOMACS 6(3), 1996; the form Apache Commons Math uses). Unlike inverting a table of the
 * cumulative distribution it needs no memory per key, so any key count is accepted. The demo,
 * the replay's synthetic traces and the peers workload all draw their keys with it.
 *
 * <p>Immutable and safe for concurrent use; each caller brings its own random generator.
 */
public final class ZipfSampler {

  private final int n;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double s;

  /**
   * Prepares a sampler.
   *
   * @param n the number of ranks, at least 1
   * @param exponent the skew, 0 (uniform) or more
   * @throws IllegalArgumentException if either is out of range
   */
  public ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n was " + n + " but must be at least 1");
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent was " + exponent + " but must be 0 or more");
    }
    this.n = n;
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1;
    this.hIntegralN = hIntegral(n + 0.5);
    this.s = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  }

  /**
   * Draws a rank.
   *
   * @param random the generator, owned by the calling thread
   * @return a rank from 1 to {@code n}
   */
  public int sample(SplittableRandom random) {
    while (true) {
      double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      int k = (int) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > n) {
        k = n;
      }
      if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  /** The integral of {@link #h} from 1 to x, shifted: {@code (x^(1-e) - 1) / (1 - e)}. */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return helper2((1 - exponent) * logX) * logX;
  }

  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  private double hIntegralInverse(double x) {
    double t = x * (1 - exponent);
    if (t < -1) {
      // Rounding may push t just below -1, where log1p is undefined.
      t = -1;
    }
    return Math.exp(helper1(t) * x);
  }

  /** {@code log(1 + x) / x}, accurate near 0. */
  private static double helper1(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.log1p(x) / x;
    }
    return 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
  }

  /** {@code (exp(x) - 1) / x}, accurate near 0. */
  private static double helper2(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.expm1(x) / x;
    }
    return 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
  }
}
