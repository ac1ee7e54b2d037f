package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TierOptions} types a tier's parameters and never shows a secret. */
class TierOptionsTest {

  private static final Option<Long> DATABASE =
      Option.of("database", OptionType.integer(0, 15), 0L, "database number");
  private static final Option<String> KEY_PREFIX =
      Option.of("keyPrefix", OptionType.text(), null, "prefix of every key");
  private static final Option<String> API_KEY =
      Option.of("apiKey", OptionType.text(), null, "the API key").asSecret();
  private static final Option<Boolean> TLS = Option.of("tls", OptionType.bool(), false, "TLS");

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(List.of(DATABASE, KEY_PREFIX, API_KEY, TLS));
    options.addAll(CommonOptions.ALL);
    return options;
  }

  @Test
  void givenParametersAreTypedAndAbsentOnesFallBackToTheirDefault() {
    TierOptions options =
        TierOptions.checkOrThrow(
            TierUri.parse(
                "redis://h/0?database=3&ttl=5m&staleFor=0s&maxEntrySize=64KB&promote=hit-count:3"
                    + "&timeout=200ms&name=L2-redis&keyPrefix=shop:"),
            options());
    assertThat(options.get(DATABASE)).isEqualTo(3L);
    assertThat(options.get(CommonOptions.TTL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(options.get(CommonOptions.STALE_FOR)).isZero();
    assertThat(options.get(CommonOptions.MAX_ENTRY_SIZE)).isEqualTo(65536L);
    assertThat(options.get(CommonOptions.PROMOTE)).isEqualTo("hit-count:3");
    assertThat(options.get(CommonOptions.TIMEOUT)).isEqualTo(Duration.ofMillis(200));
    assertThat(options.get(CommonOptions.NAME)).isEqualTo("L2-redis");
    assertThat(options.get(KEY_PREFIX)).isEqualTo("shop:");
    assertThat(options.get(TLS)).isFalse();
    assertThat(options.isSet(TLS)).isFalse();
    assertThat(options.find(TLS)).isEmpty();
    assertThat(options.isSet(DATABASE)).isTrue();
    assertThat(options.find(API_KEY)).isEmpty();
  }

  @Test
  void absentOptionWithoutDefaultIsAnIllegalState() {
    TierOptions options =
        TierOptions.checkOrThrow(TierUri.parse("redis://:pw1234@h?apiKey=k1k2"), options());
    assertThatThrownBy(() -> options.get(KEY_PREFIX))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "option 'keyPrefix' of tier 'redis://:****@h?apiKey=****' is not set and has no"
                + " default; use find()");
  }

  @Test
  void optionsOfAnotherSchemeAreRefused() {
    TierOptions options = TierOptions.checkOrThrow(TierUri.parse("redis://h"), options());
    Option<Long> foreign = Option.of("entries", OptionType.integer(1, 10), 1L, "entries");
    assertThatThrownBy(() -> options.get(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option 'entries' is not declared for scheme 'redis'");
    // An option of the same name is still another option.
    Option<Long> lookalike = Option.of("database", OptionType.integer(0, 99), 0L, "db");
    assertThatThrownBy(() -> options.find(lookalike))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option 'database' is not declared for scheme 'redis'");
  }

  @Test
  void checkReportsEveryProblemInOrderAndKeepsTheGoodValues() {
    List<String> problems = new ArrayList<>();
    TierOptions options =
        TierOptions.check(
            TierUri.parse("redis://h?ttl=5x&database=2&tlss=true&maxEntrySize=1MB&name=a%20b"),
            options(),
            problems);
    assertThat(problems)
        .containsExactly(
            "ttl was '5x' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'",
            "'tlss' is not an option of scheme 'redis' (did you mean 'tls'?); options: database,"
                + " keyPrefix, apiKey, tls, ttl, staleFor, maxEntrySize, promote, timeout, name",
            "name was 'a b' but must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
    assertThat(options.get(DATABASE)).isEqualTo(2L);
    assertThat(options.get(CommonOptions.MAX_ENTRY_SIZE)).isEqualTo(1L << 20);
    assertThat(options.isSet(CommonOptions.TTL)).isFalse();
    assertThat(options.isSet(CommonOptions.NAME)).isFalse();
  }

  @Test
  void checkOrThrowReportsAllProblemsAtOnce() {
    assertThatThrownBy(
            () ->
                TierOptions.checkOrThrow(
                    TierUri.parse("redis://h?database=x&ttl=0s&x=1"), options()))
        .isInstanceOfSatisfying(
            InvalidTierUriException.class,
            e -> {
              assertThat(e.tiers()).hasSize(1);
              assertThat(e.tiers().get(0).heading())
                  .isEqualTo("Invalid tier 'redis://h?database=x&ttl=0s&x=1'");
              assertThat(e.problems()).hasSize(3);
            });
  }

  @Test
  void optionDeclaredTwiceIsAProgrammingError() {
    List<Option<?>> twice = new ArrayList<>(options());
    twice.add(Option.of("ttl", OptionType.text(), null, "again"));
    assertThatThrownBy(
            () -> TierOptions.check(TierUri.parse("redis://h"), twice, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option 'ttl' is declared twice for scheme 'redis'");
  }

  @Test
  void secretOptionValuesNeverShow() {
    TierOptions options =
        TierOptions.checkOrThrow(
            TierUri.parse("redis://u:pw1234@h?apiKey=k1k2k3&authToken=t1t2t3&keyPrefix=shop"),
            List.of(API_KEY, KEY_PREFIX, Option.of("authToken", OptionType.text(), null, "t")));
    assertThat(options.get(API_KEY)).isEqualTo("k1k2k3");
    assertThat(options.toString())
        .isEqualTo("TierOptions[apiKey=****, authToken=****, keyPrefix=shop]");
    assertThat(options.redactedUri())
        .isEqualTo("redis://u:****@h?apiKey=****&authToken=****&keyPrefix=shop");
    // The URI alone cannot know that apiKey is secret; the options can.
    assertThat(options.uri().redacted()).contains("apiKey=k1k2k3");
  }

  @Test
  void badSecretValueIsMaskedInTheMessageAndTheHeading() {
    Option<Long> pin = Option.of("pin", OptionType.integer(0, 9999), null, "a PIN").asSecret();
    assertThatThrownBy(
            () ->
                TierOptions.checkOrThrow(
                    TierUri.parse("redis://h?pin=12345&ttl=x"), List.of(pin, CommonOptions.TTL)))
        .hasMessage(
            "Invalid tier 'redis://h?pin=****&ttl=x':\n"
                + "  pin was '****' but must be an integer from 0 to 9999\n"
                + "  ttl was 'x' but must be <number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'");
  }

  @Test
  void declaredListsTheOptionsInOrder() {
    TierOptions options = TierOptions.checkOrThrow(TierUri.parse("redis://h"), options());
    assertThat(options.declared()).containsExactlyElementsOf(options());
    assertThat(options.uri()).isEqualTo(TierUri.parse("redis://h"));
    assertThat(options.toString()).isEqualTo("TierOptions[]");
  }
}
