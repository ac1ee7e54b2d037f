package io.tiercache.bench.tiers;

import io.tiercache.config.TierUri;
import java.util.List;
import java.util.stream.Collectors;

/** The shape every in-process tier URI of the bench must have: a scheme, {@code //}, options. */
final class InProcessUri {

  private InProcessUri() {}

  /**
   * Adds a problem for each part of the URI an in-process tier does not take: user information,
   * hosts, a path, or a missing {@code //}.
   */
  static void check(TierUri uri, String expectedForm, List<String> problems) {
    String scheme = uri.scheme();
    if (!uri.hierarchical()) {
      problems.add(
          "has no '//' after '" + scheme + ":' (found '" + scheme + ":" + uri.path() + "');"
              + " expected the form " + expectedForm);
      return;
    }
    if (uri.password() != null || uri.user().isPresent()) {
      problems.add(
          "has user information, but a " + scheme + " tier takes none (it lives in this"
              + " process); expected the form " + expectedForm);
    }
    if (!uri.hosts().isEmpty()) {
      String hosts =
          uri.hosts().stream().map(TierUri.Host::toString).collect(Collectors.joining(","));
      problems.add(
          "has host '" + hosts + "', but a " + scheme + " tier takes none (it lives in this"
              + " process); expected the form " + expectedForm);
    }
    if (!uri.path().isEmpty()) {
      problems.add(
          "has path '" + uri.path() + "', but a " + scheme + " tier takes none; expected the"
              + " form " + expectedForm);
    }
  }
}
