package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in option types parse what DESIGN.md documents and say what they expect. */
class OptionTypeTest {

  private static final String DURATION_FORM = "<number>(ms|s|m|h|d) or ISO-8601 like 'PT5M'";
  private static final String SIZE_FORM = "<number> or <number>(KB|MB|GB) like '256KB'";

  @Nested
  class Durations {

    private final OptionType<Duration> positive = OptionType.duration(false);
    private final OptionType<Duration> zeroAllowed = OptionType.duration(true);

    @ParameterizedTest
    @CsvSource({
      "250ms, PT0.25S",
      "30s, PT30S",
      "5m, PT5M",
      "2h, PT2H",
      "1d, PT24H",
      "PT5M, PT5M",
      "pt5m, PT5M",
      "P1D, PT24H",
      "PT0.5S, PT0.5S",
      "P1DT1H, PT25H",
      "1ms, PT0.001S",
      "106751991167d, PT2562047788008H",
    })
    void parsesShortFormsAndIso8601(String text, String iso) {
      assertThat(positive.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void zeroIsRejectedUnlessAllowed() {
      assertThatThrownBy(() -> positive.parse("0s"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a duration above zero, like '5m'");
      assertThatThrownBy(() -> positive.parse("PT0S"))
          .hasMessage("a duration above zero, like '5m'");
      assertThat(zeroAllowed.parse("0s")).isZero();
      assertThat(zeroAllowed.parse("0ms")).isZero();
      assertThat(zeroAllowed.parse("PT0S")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5m", "-1ms", "-2d", "PT-5M", "P-1D", "PT1M-61S"})
    void negativeDurationsAreRejected(String text) {
      assertThatThrownBy(() -> zeroAllowed.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a duration that is not negative");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "106751991168d",
          "2562047788016h",
          "9223372036854775808ms",
          "99999999999999999999999999s",
          "PT9999999999999999999H",
          "P99999999999999D",
          "PT2562047788016H"
        })
    void overflowSaysTheLimit(String text) {
      assertThatThrownBy(() -> positive.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a duration of at most 292 million years");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "", "5", "5M", "5 m", " 5m", "5min", "m", "1.5s", "P", "PX", "5mm", "+5m", "-5x"
        })
    void otherTextIsRejectedWithTheForm(String text) {
      assertThatThrownBy(() -> positive.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(DURATION_FORM);
    }

    @ParameterizedTest
    @CsvSource({
      "PT0.25S, 250ms",
      "PT30S, 30s",
      "PT5M, 5m",
      "PT2H, 2h",
      "PT24H, 1d",
      "PT48H, 2d",
      "PT25H, 25h",
      "PT90S, 90s",
      "PT1.5S, 1500ms",
      "PT0S, 0s",
    })
    void formatsInTheLargestWholeUnit(String iso, String text) {
      assertThat(positive.format(Duration.parse(iso))).isEqualTo(text);
    }

    @Test
    void formatRoundTripsThroughParse() {
      Random random = new Random(42);
      for (int i = 0; i < 10_000; i++) {
        long millis = 1 + (random.nextLong() >>> (1 + random.nextInt(63)));
        Duration value = Duration.ofMillis(millis);
        assertThat(positive.parse(positive.format(value))).as("%s", value).isEqualTo(value);
      }
      Duration longest = Duration.ofMillis(Long.MAX_VALUE);
      assertThat(positive.parse(positive.format(longest))).isEqualTo(longest);
    }

    @Test
    void nameIsDuration() {
      assertThat(positive.name()).isEqualTo("duration");
    }
  }

  @Nested
  class Sizes {

    private final OptionType<Long> size = OptionType.size();

    @ParameterizedTest
    @CsvSource({
      "512, 512",
      "1, 1",
      "256KB, 262144",
      "64MB, 67108864",
      "1GB, 1073741824",
      "64mb, 67108864",
      "64kB, 65536",
      "2Gb, 2147483648",
      "0001KB, 1024",
      "9223372036854775807, 9223372036854775807",
      "8589934591GB, 9223372035781033984",
    })
    void parsesBytesAndPowersOf1024(String text, long bytes) {
      assertThat(size.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0KB", "0GB", "000"})
    void zeroIsRejected(String text) {
      assertThatThrownBy(() -> size.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a size above zero, " + SIZE_FORM);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "9223372036854775808",
          "8589934592GB",
          "8796093022208MB",
          "9007199254740992KB",
          "99999999999999999999999GB"
        })
    void overflowSaysTheLimit(String text) {
      assertThatThrownBy(() -> size.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a size of at most 8589934591GB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5GB", "1 GB", "GB", "12TB", "1B", "1KiB", "+5", "0x10"})
    void otherTextIsRejectedWithTheForm(String text) {
      assertThatThrownBy(() -> size.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(SIZE_FORM);
    }

    @ParameterizedTest
    @CsvSource({
      "512, 512",
      "1536, 1536",
      "3072, 3KB",
      "262144, 256KB",
      "67108864, 64MB",
      "1073741824, 1GB",
      "1099511627776, 1024GB",
    })
    void formatsInTheLargestWholeUnit(long bytes, String text) {
      assertThat(size.format(bytes)).isEqualTo(text);
    }

    @Test
    void formatRoundTripsThroughParse() {
      Random random = new Random(7);
      for (int i = 0; i < 10_000; i++) {
        long bytes = 1 + (random.nextLong() >>> (1 + random.nextInt(63)));
        if (random.nextBoolean()) {
          bytes = Math.max(1, bytes >>> 20 << 20); // often a whole number of MB
        }
        assertThat(size.parse(size.format(bytes))).isEqualTo(bytes);
      }
      assertThat(size.parse(size.format(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void nameIsSize() {
      assertThat(size.name()).isEqualTo("size");
    }
  }

  @Test
  void integerAcceptsItsRangeOnly() {
    OptionType<Long> type = OptionType.integer(0, 15);
    assertThat(type.parse("0")).isZero();
    assertThat(type.parse("15")).isEqualTo(15);
    assertThat(type.parse("+7")).isEqualTo(7);
    for (String bad : new String[] {"16", "-1", "x", "", " 1", "1.0", "99999999999999999999"}) {
      assertThatThrownBy(() -> type.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("an integer from 0 to 15");
    }
    assertThat(type.name()).isEqualTo("integer");
    assertThat(type.format(7L)).isEqualTo("7");
    assertThat(OptionType.integer(Long.MIN_VALUE, Long.MAX_VALUE).parse("-9223372036854775808"))
        .isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void integerRangeMustNotBeEmpty() {
    assertThatThrownBy(() -> OptionType.integer(5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min 5 is above max 4");
    assertThat(OptionType.integer(4, 4).parse("4")).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", "True, true", "false, false", "FaLsE, false"})
  void booleanIgnoresCase(String text, boolean value) {
    assertThat(OptionType.bool().parse(text)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "1", "0", "", "truee", "on"})
  void booleanRejectsOtherWords(String text) {
    assertThatThrownBy(() -> OptionType.bool().parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'true' or 'false'");
  }

  @Test
  void choiceMatchesIgnoringCaseAndReturnsTheDeclaredWord() {
    OptionType<String> type = OptionType.choice("heap", "offHeap", "disk");
    assertThat(type.parse("OFFHEAP")).isEqualTo("offHeap");
    assertThat(type.parse("disk")).isEqualTo("disk");
    assertThat(type.name()).isEqualTo("heap|offHeap|disk");
    assertThatThrownBy(() -> type.parse("memory"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("one of 'heap', 'offHeap', 'disk'");
    assertThatThrownBy(() -> OptionType.choice())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a choice needs at least one word");
  }

  @Test
  void textMustNotBeEmpty() {
    assertThat(OptionType.text().parse(" a b ")).isEqualTo(" a b ");
    assertThat(OptionType.text().name()).isEqualTo("text");
    assertThatThrownBy(() -> OptionType.text().parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text that is not empty");
  }

  @Test
  void identifierAcceptsOneTo64NameCharacters() {
    OptionType<String> type = OptionType.identifier();
    assertThat(type.parse("L1-caffeine")).isEqualTo("L1-caffeine");
    assertThat(type.parse("a.b_c:d-9")).isEqualTo("a.b_c:d-9");
    assertThat(type.parse("x".repeat(64))).hasSize(64);
    assertThat(type.name()).isEqualTo("name");
    for (String bad : new String[] {"", "x".repeat(65), "a b", "a/b", "caché", "a\nb"}) {
      assertThatThrownBy(() -> type.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("1 to 64 letters, digits, '.', '_', ':' or '-'");
    }
  }

  @Test
  void customTypeParsesWithItsFunction() {
    OptionType<Integer> type =
        OptionType.of(
            "even",
            text -> {
              int value = Integer.parseInt(text);
              if (value % 2 != 0) {
                throw new IllegalArgumentException("an even number");
              }
              return value;
            });
    assertThat(type.name()).isEqualTo("even");
    assertThat(type.parse("4")).isEqualTo(4);
    assertThat(type.format(4)).isEqualTo("4");
    assertThatThrownBy(() -> type.parse("3")).hasMessage("an even number");
  }
}
