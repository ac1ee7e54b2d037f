package io.tiercache.backend.hazelcast;

import io.tiercache.spi.Invalidation;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte form of an {@link Invalidation} on the ring buffer. Plain bytes rather than a
 * Hazelcast-serialized object, so that members need no class to carry them and any process can
 * read them.
 *
 * <pre>
 * 1 byte   version (1)
 * 1 byte   kind: 0 KEYS, 1 TAGS, 2 CLEAR
 * 4 bytes  origin length, then the origin in UTF-8
 * 4 bytes  number of items, then per item: 4 bytes length, then UTF-8
 * </pre>
 *
 * <p>Stateless and safe for concurrent use.
 */
final class InvalidationMessages {

  static final byte VERSION = 1;

  private static final Invalidation.Kind[] KINDS = Invalidation.Kind.values();

  private InvalidationMessages() {}

  static byte[] encode(Invalidation message) {
    byte[] origin = utf8(message.origin());
    List<byte[]> items = new ArrayList<>(message.items().size());
    int size = 1 + 1 + 4 + origin.length + 4;
    for (String item : message.items()) {
      byte[] bytes = utf8(item);
      items.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).put((byte) message.kind().ordinal());
    out.putInt(origin.length).put(origin);
    out.putInt(items.size());
    for (byte[] item : items) {
      out.putInt(item.length).put(item);
    }
    return out.array();
  }

  /**
   * Decodes a message.
   *
   * @throws IllegalArgumentException saying why the bytes are not a message
   */
  static Invalidation decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "written in message version " + version + "; this reads " + VERSION);
      }
      int kind = in.get();
      if (kind < 0 || kind >= KINDS.length) {
        throw new IllegalArgumentException("unknown kind " + kind);
      }
      String origin = string(in);
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / 4) {
        throw new IllegalArgumentException("the item count " + count + " does not fit the bytes");
      }
      List<String> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        items.add(string(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last item");
      }
      return new Invalidation(origin, KINDS[kind], items);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated", e);
    }
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("a length of " + length + " does not fit the bytes");
    }
    ByteBuffer slice = in.slice();
    slice.limit(length);
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

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
