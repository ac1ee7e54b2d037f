package io.tiercache.bench.replay;

import java.util.List;

/**
 * The runs of one configuration on one trace, with their mean and spread.
 *
 * @param configuration the configuration
 * @param runs the outcomes, at least one
 */
record ConfigurationRuns(Configuration configuration, List<Outcome> runs) {

  ConfigurationRuns {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a configuration needs at least one run");
    }
  }

  double meanL1Percent() {
    return runs.stream().mapToDouble(Outcome::l1HitPercent).average().orElse(0);
  }

  double minL1Percent() {
    return runs.stream().mapToDouble(Outcome::l1HitPercent).min().orElse(0);
  }

  double maxL1Percent() {
    return runs.stream().mapToDouble(Outcome::l1HitPercent).max().orElse(0);
  }

  double meanL2Percent() {
    return runs.stream().mapToDouble(Outcome::l2HitPercent).average().orElse(0);
  }

  long meanL1Writes() {
    return Math.round(runs.stream().mapToLong(Outcome::l1Writes).average().orElse(0));
  }

  long promoterBytes() {
    return runs.stream().mapToLong(Outcome::promoterBytes).max().orElse(0);
  }

  long meanMillis() {
    return Math.round(runs.stream().mapToLong(Outcome::nanos).average().orElse(0) / 1e6);
  }

  String strategy() {
    return runs.get(runs.size() - 1).strategy();
  }
}
