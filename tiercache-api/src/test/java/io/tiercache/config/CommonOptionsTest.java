package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The options every tier accepts, as DESIGN.md lists them. */
class CommonOptionsTest {

  @Test
  void allListsTheDocumentedOptionsInOrder() {
    assertThat(CommonOptions.ALL)
        .extracting(Option::name)
        .containsExactly("ttl", "staleFor", "maxEntrySize", "promote", "timeout", "name");
    assertThat(CommonOptions.ALL)
        .allSatisfy(
            option -> {
              assertThat(option.defaultValue()).isNull();
              assertThat(option.secret()).isFalse();
              assertThat(option.help()).isNotBlank();
            });
  }

  @Test
  void ttlAndTimeoutMustBePositiveButStaleForMayBeZero() {
    assertThat(CommonOptions.TTL.type().parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> CommonOptions.TTL.type().parse("0s"))
        .hasMessage("a duration above zero, like '5m'");
    assertThatThrownBy(() -> CommonOptions.TIMEOUT.type().parse("0ms"))
        .hasMessage("a duration above zero, like '5m'");
    assertThat(CommonOptions.STALE_FOR.type().parse("0s")).isZero();
  }

  @Test
  void maxEntrySizeIsASize() {
    assertThat(CommonOptions.MAX_ENTRY_SIZE.type().parse("256KB")).isEqualTo(262_144L);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "always",
        "never",
        "hit-count:3",
        "hit-rate:5/1m",
        "adaptive",
        "my-rule2:x:y",
        "a"
      })
  void promoteAcceptsAStrategyAndItsArgument(String text) {
    assertThat(CommonOptions.PROMOTE.type().parse(text)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":3", "Always", "hit_count:3", "3x", "-x", "hit count"})
  void promoteRejectsMalformedStrategies(String text) {
    assertThatThrownBy(() -> CommonOptions.PROMOTE.type().parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("<strategy>[:<argument>] such as 'always', 'hit-count:3' or 'hit-rate:5/1m'");
  }

  @Test
  void nameIsAnIdentifier() {
    assertThat(CommonOptions.NAME.type().parse("L1-caffeine")).isEqualTo("L1-caffeine");
    assertThat(CommonOptions.NAME.describe())
        .isEqualTo(
            "name (name, default none): the tier's name in statistics and messages"
                + " (L<n>-<scheme> if absent)");
  }
}
