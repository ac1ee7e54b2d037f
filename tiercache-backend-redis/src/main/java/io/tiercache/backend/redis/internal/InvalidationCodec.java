package io.tiercache.backend.redis.internal;

import io.tiercache.spi.Invalidation;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte form of an {@link Invalidation} on the tier's pub/sub channel.
 *
 * <h2>Version 1</h2>
 *
 * <pre>
 * offset size
 *  0      2   magic 'T' 'I'
 *  2      1   version (1)
 *  3      1   kind: 0 KEYS, 1 TAGS, 2 CLEAR
 *  4      2   origin length, big-endian, then the origin in UTF-8
 *         4   number of items, then per item: 4-byte length, then UTF-8
 * </pre>
 *
 * <p>{@link #decode} rejects anything else (another magic or version, a length past the end,
 * bytes left over, malformed UTF-8, a message {@link Invalidation} itself refuses) with an
 * {@link IllegalArgumentException} saying why; a receiver ignores and counts such messages, so
 * that a newer writer or a stranger on the channel cannot break it. Stateless and safe for
 * concurrent use.
 */
public final class InvalidationCodec {

  /** The version this class writes and reads. */
  public static final int VERSION = 1;

  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'I';
  private static final int MAX_ORIGIN = 0xFFFF;

  private InvalidationCodec() {}

  /**
   * Encodes a message.
   *
   * @param message the message
   * @return its bytes
   * @throws IllegalArgumentException if the origin is longer than 65,535 bytes in UTF-8
   */
  public static byte[] encode(Invalidation message) {
    byte[] origin = message.origin().getBytes(StandardCharsets.UTF_8);
    if (origin.length > MAX_ORIGIN) {
      throw new IllegalArgumentException(
          "an origin may take at most " + MAX_ORIGIN + " bytes, but took " + origin.length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(MAGIC_0);
    out.write(MAGIC_1);
    out.write(VERSION);
    out.write(message.kind().ordinal());
    out.write(origin.length >>> 8);
    out.write(origin.length & 0xFF);
    out.writeBytes(origin);
    writeInt(out, message.items().size());
    for (String item : message.items()) {
      byte[] bytes = item.getBytes(StandardCharsets.UTF_8);
      writeInt(out, bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a message written by {@link #encode}.
   *
   * @param bytes the bytes received
   * @return the message
   * @throws IllegalArgumentException if the bytes are not a valid version-1 message; the message
   *     says why
   */
  public static Invalidation decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (bytes.length < 4 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
        throw new IllegalArgumentException("not a tiercache invalidation (no 'TI' header)");
      }
      int version = in.get() & 0xFF;
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "written in version " + version + "; this reads version " + VERSION);
      }
      int kindIndex = in.get() & 0xFF;
      Invalidation.Kind[] kinds = Invalidation.Kind.values();
      if (kindIndex >= kinds.length) {
        throw new IllegalArgumentException("unknown kind " + kindIndex);
      }
      String origin = utf8(in, Short.toUnsignedInt(in.getShort()));
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / 4) {
        throw new IllegalArgumentException("the item count " + count + " exceeds the bytes");
      }
      List<String> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("item " + i + " runs past the end");
        }
        items.add(utf8(in, length));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last item");
      }
      return new Invalidation(origin, kinds[kindIndex], items);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated", e);
    }
  }

  private static String utf8(ByteBuffer in, int length) {
    if (length > in.remaining()) {
      throw new IllegalArgumentException("a string runs past the end");
    }
    ByteBuffer slice = in.slice().limit(length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a string is not valid UTF-8", e);
    }
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write((value >>> 16) & 0xFF);
    out.write((value >>> 8) & 0xFF);
    out.write(value & 0xFF);
  }
}
