package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An option's declaration. */
class OptionTest {

  @Test
  void describesNameTypeDefaultAndHelp() {
    Option<Duration> ttl =
        Option.of("ttl", OptionType.duration(false), Duration.ofMinutes(5), "ttl");
    assertThat(ttl.describe()).isEqualTo("ttl (duration, default 5m): ttl");
    assertThat(Option.of("size", OptionType.size(), 1L << 20, "h").describe())
        .isEqualTo("size (size, default 1MB): h");
    assertThat(Option.of("x", OptionType.text(), null, "h").describe())
        .isEqualTo("x (text, default none): h");
    assertThat(ttl.toString()).isEqualTo("Option[ttl]");
  }

  @Test
  void secretOptionMasksItsDefault() {
    Option<String> plain = Option.of("apiKey", OptionType.text(), "k1k2k3", "the key");
    Option<String> secret = plain.asSecret();
    assertThat(plain.secret()).isFalse();
    assertThat(secret.secret()).isTrue();
    assertThat(secret.name()).isEqualTo("apiKey");
    assertThat(secret.defaultValue()).isEqualTo("k1k2k3");
    assertThat(secret.describe()).isEqualTo("apiKey (text, default ****): the key");
    assertThat(secret.toString()).doesNotContain("k1k2k3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1st", "-x", "a b", "a=b", "a&b", "café"})
  void nameMustStartWithALetterAndHoldNameCharacters(String name) {
    assertThatThrownBy(() -> Option.of(name, OptionType.text(), null, "h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "option name '"
                + name
                + "' must start with a letter and hold letters, digits, '.',"
                + " '_' or '-'");
  }

  @Test
  void namesMayHoldDotsUnderscoresAndDashes() {
    assertThat(Option.of("a.b_c-D9", OptionType.text(), null, "h").name()).isEqualTo("a.b_c-D9");
  }
}
