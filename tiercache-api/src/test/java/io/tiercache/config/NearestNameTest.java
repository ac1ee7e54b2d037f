package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Did you mean" suggestions for misspelt option names. */
class NearestNameTest {

  private static final List<String> KNOWN =
      List.of("maximumSize", "keyPrefix", "ttl", "staleFor", "database", "timeout", "persistent");

  @ParameterizedTest
  @CsvSource({
    "maximumsize, maximumSize",
    "MAXIMUMSIZE, maximumSize",
    "maximumSze, maximumSize",
    "maxiumumSize, maximumSize",
    "keyprefx, keyPrefix",
    "tll, ttl",
    "TTL, ttl",
    "databse, database",
    "datbase, database",
    "timout, timeout",
    "persistant, persistent",
    "stalefor, staleFor",
  })
  void suggestsTheNearestName(String given, String expected) {
    assertThat(NearestName.of(given, KNOWN)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"size", "cluster", "t", "ttlttl", "xyz", "maxSize", "entries"})
  void suggestsNothingWhenNoNameIsNear(String given) {
    assertThat(NearestName.of(given, KNOWN)).isEmpty();
  }

  @Test
  void suggestsNothingFromNoNames() {
    assertThat(NearestName.of("ttl", List.of())).isEmpty();
  }

  @Test
  void prefersTheCloserOfTwoNames() {
    assertThat(NearestName.of("databse", List.of("databases", "database"))).contains("database");
    assertThat(NearestName.of("hostx", List.of("host", "hostxyz"))).contains("host");
  }

  @Test
  void exactMatchIgnoringCaseWinsOverAnEarlierNearName() {
    assertThat(NearestName.of("Port", List.of("ports", "port"))).contains("port");
  }

  @ParameterizedTest
  @CsvSource({
    "'', '', 0",
    "abc, abc, 0",
    "abc, acb, 1",
    "abc, ab, 1",
    "abc, abcd, 1",
    "abc, xbc, 1",
    "kitten, sitting, 3",
    "ca, abc, 3",
  })
  void distanceCountsEditsAndAdjacentTranspositions(String a, String b, int distance) {
    assertThat(NearestName.distance(a, b)).isEqualTo(distance);
    assertThat(NearestName.distance(b, a)).isEqualTo(distance);
  }
}
