package io.tiercache.bench.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tiercache.bench.workload.ZipfSampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

  @Test
  void ranksFollowTheZipfLaw() {
    int n = 1_000;
    double skew = 0.99;
    ZipfSampler sampler = new ZipfSampler(n, skew);
    SplittableRandom random = new SplittableRandom(7);
    int draws = 400_000;
    long[] counts = new long[n + 1];
    for (int i = 0; i < draws; i++) {
      int rank = sampler.sample(random);
      assertThat(rank).isBetween(1, n);
      counts[rank]++;
    }
    double harmonic = 0;
    for (int k = 1; k <= n; k++) {
      harmonic += Math.pow(k, -skew);
    }
    for (int rank : new int[] {1, 2, 10, 100}) {
      double expected = Math.pow(rank, -skew) / harmonic;
      assertThat((double) counts[rank] / draws)
          .as("share of rank %d", rank)
          .isCloseTo(expected, within(expected * 0.1));
    }
  }

  @Test
  void skewZeroIsUniform() {
    ZipfSampler sampler = new ZipfSampler(10, 0);
    SplittableRandom random = new SplittableRandom(3);
    long[] counts = new long[11];
    for (int i = 0; i < 100_000; i++) {
      counts[sampler.sample(random)]++;
    }
    for (int rank = 1; rank <= 10; rank++) {
      assertThat(counts[rank]).isBetween(9_000L, 11_000L);
    }
  }

  @Test
  void oneKeyIsAlwaysDrawn() {
    ZipfSampler sampler = new ZipfSampler(1, 0.99);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(sampler.sample(random)).isEqualTo(1);
    }
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new ZipfSampler(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ZipfSampler(10, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
