package io.tiercache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in codecs round-trip their values exactly and reject what they cannot read. */
class ValueCodecTest {

  private static final ValueCodec<String> UTF8 = ValueCodec.utf8();
  private static final ValueCodec<byte[]> BYTES = ValueCodec.bytes();

  @Test
  void bytesRoundTripAndAreCopiedBothWays() {
    byte[] value = {0, 1, -1, 127, -128};
    byte[] encoded = BYTES.encode(value);
    assertThat(encoded).containsExactly(value).isNotSameAs(value);
    value[0] = 42;
    assertThat(encoded[0]).isZero();
    byte[] decoded = BYTES.decode(encoded);
    assertThat(decoded).containsExactly(0, 1, -1, 127, -128).isNotSameAs(encoded);
    encoded[1] = 42;
    assertThat(decoded[1]).isEqualTo((byte) 1);
    assertThat(BYTES.decode(new byte[0])).isEmpty();
  }

  @Test
  void bytesCodecDescribesItself() {
    assertThat(BYTES.id()).isEqualTo("bytes");
    assertThat(BYTES.version()).isEqualTo(1);
    assertThat(BYTES.encodedSize(new byte[1234])).isEqualTo(1234);
  }

  @Test
  void bytesCodecRejectsNull() {
    assertThatThrownBy(() -> BYTES.encode(nullBytes()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }

  @SuppressWarnings("NullAway") // deliberately null, to test the check
  private static byte[] nullBytes() {
    return null;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "hello",
        "café",
        "日本語のテキスト",
        "\uD83D\uDE00 grinning",
        "\uD834\uDD1E clef",
        "mixed a\u00E9\u4E2D\uD83D\uDE00\u0000z",
        "\uDBFF\uDFFF last code point",
        "\uFFFF\uFEFF"
      })
  void utf8RoundTripsUnicodeAndSurrogatePairs(String value) {
    byte[] encoded = UTF8.encode(value);
    assertThat(encoded).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    assertThat(UTF8.decode(encoded)).isEqualTo(value);
    assertThat(UTF8.encodedSize(value)).isEqualTo(encoded.length);
  }

  @Test
  void utf8EncodedSizeEqualsTheEncodedLengthForRandomStrings() {
    Random random = new Random(20261125);
    for (int i = 0; i < 20_000; i++) {
      String value = randomString(random, random.nextInt(40));
      byte[] encoded = UTF8.encode(value);
      assertThat(UTF8.encodedSize(value)).as("size of %s", value).isEqualTo(encoded.length);
      assertThat(UTF8.decode(encoded)).isEqualTo(value);
    }
  }

  /** A random string of valid code points from every plane, weighted toward the boundaries. */
  static String randomString(Random random, int codePoints) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int codePoint;
      switch (random.nextInt(5)) {
        case 0:
          codePoint = random.nextInt(0x80);
          break;
        case 1:
          codePoint = 0x80 + random.nextInt(0x800 - 0x80);
          break;
        case 2:
          codePoint = 0x800 + random.nextInt(0x10000 - 0x800);
          break;
        case 3:
          codePoint = 0x10000 + random.nextInt(0x110000 - 0x10000);
          break;
        default:
          int[] edges = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
          codePoint = edges[random.nextInt(edges.length)];
          break;
      }
      if (Character.isSurrogate((char) codePoint) && codePoint < 0x10000) {
        codePoint = 'x'; // a surrogate code point alone is not a character
      }
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "\uDE00\uD83D", "ok\uD83D"})
  void utf8RefusesUnpairedSurrogatesRatherThanStoringAnotherString(String value) {
    int index = 0;
    while (!Character.isSurrogate(value.charAt(index))
        || (Character.isHighSurrogate(value.charAt(index))
            && index + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(index + 1)))) {
      index++;
    }
    String message =
        String.format(
            "the string has an unpaired surrogate U+%04X at index %d, which UTF-8 cannot encode",
            (int) value.charAt(index), index);
    assertThatThrownBy(() -> UTF8.encode(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> UTF8.encodedSize(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void utf8RejectsMalformedBytes() {
    byte[][] malformed = {
      {(byte) 0xFF},
      {(byte) 0x80},
      {(byte) 0xC3, 0x28},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {'o', 'k', (byte) 0xF0, (byte) 0x9F, (byte) 0x98},
    };
    for (byte[] bytes : malformed) {
      assertThatThrownBy(() -> UTF8.decode(bytes))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bytes are not valid UTF-8");
    }
  }

  @Test
  void utf8CodecDescribesItself() {
    assertThat(UTF8.id()).isEqualTo("utf8");
    assertThat(UTF8.version()).isEqualTo(1);
  }

  @Test
  void defaultEncodedSizeEncodesTheValueAndDefaultVersionIsOne() {
    ValueCodec<Integer> decimal =
        new ValueCodec<>() {
          @Override
          public String id() {
            return "decimal";
          }

          @Override
          public byte[] encode(Integer value) {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
          }

          @Override
          public Integer decode(byte[] bytes) {
            return Integer.valueOf(new String(bytes, StandardCharsets.US_ASCII));
          }
        };
    assertThat(decimal.encodedSize(-12345)).isEqualTo(6);
    assertThat(decimal.version()).isEqualTo(1);
  }
}
