package io.tiercache.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name nearest to a misspelt one, for "did you mean" hints in configuration
 * errors.
 */
public final class NearestName {

  private NearestName() {}

  /**
   * Returns the known name nearest to {@code given}, if one is near enough to be a likely
   * misspelling: equal ignoring case, or within an edit distance (insertions, deletions,
   * substitutions and transpositions, ignoring case) of at most one third of its length, and at
   * most 3.
   *
   * @param given what the user wrote
   * @param known the valid names
   * @return the nearest valid name, if any is near enough
   */
  public static Optional<String> of(String given, Collection<String> known) {
    String lower = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      String candidate = name.toLowerCase(Locale.ROOT);
      if (candidate.equals(lower)) {
        return Optional.of(name);
      }
      int limit = Math.min(3, Math.max(1, candidate.length() / 3));
      if (Math.abs(candidate.length() - lower.length()) > limit) {
        continue;
      }
      int distance = distance(lower, candidate);
      if (distance <= limit && distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, d[i - 2][j - 2] + 1);
        }
        d[i][j] = value;
      }
    }
    return d[a.length()][b.length()];
  }
}
