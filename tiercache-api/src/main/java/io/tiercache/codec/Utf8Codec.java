package io.tiercache.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Strings as strict UTF-8: unpaired surrogates are not encoded, malformed bytes not decoded. */
enum Utf8Codec implements ValueCodec<String> {
  INSTANCE;

  @Override
  public String id() {
    return "utf8";
  }

  @Override
  public byte[] encode(String value) {
    // String.getBytes would silently write an unpaired surrogate as '?', and the value read back
    // would differ from the one written: encodedSize rejects it instead.
    encodedSize(value);
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes strict UTF-8; throws {@link IllegalArgumentException} on malformed input. */
  static String decode(byte[] bytes, int offset, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("bytes are not valid UTF-8", e);
    }
  }

  @Override
  public int encodedSize(String value) {
    int size = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        size += 1;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        size += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "the string has an unpaired surrogate U+%04X at index %d, which UTF-8 cannot"
                    + " encode",
                (int) c,
                i));
      } else {
        size += 3;
      }
    }
    return size;
  }
}
