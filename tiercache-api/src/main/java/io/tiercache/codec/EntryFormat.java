package io.tiercache.codec;

import io.tiercache.spi.CacheEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The byte form of a {@link CacheEntry} in tiers that store bytes.
 *
 * <h2>Format version 1</h2>
 *
 * <pre>
 * offset size
 *  0      2   magic 'T' 'C'
 *  2      1   format version (1)
 *  3      4   codec fingerprint: CRC-32 of "&lt;codec id&gt;#&lt;codec version&gt;" in UTF-8
 *  7      8   expiresAt, epoch ms, big-endian
 * 15      8   staleUntil, epoch ms
 * 23      2   number of tags
 *             per tag: 2-byte length, then UTF-8 bytes
 *         4   payload length, then the codec's bytes
 *         4   CRC-32C of every byte before it
 * </pre>
 *
 * <p>{@link #decode} rejects anything else with a {@link CorruptEntryException} that says why.
 * Stateless and safe for concurrent use.
 */
public final class EntryFormat {

  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'C';
  private static final int FIXED = 2 + 1 + 4 + 8 + 8 + 2 + 4 + 4;
  private static final int MAX_TAGS = 0xFFFF;

  private EntryFormat() {}

  /**
   * Encodes an entry.
   *
   * @param entry the entry
   * @param codec the value codec
   * @param <V> the value type
   * @return the framed bytes
   * @throws IllegalArgumentException if the entry has more than 65535 tags, or the codec cannot
   *     encode the value
   */
  public static <V> byte[] encode(CacheEntry<V> entry, ValueCodec<V> codec) {
    byte[] payload = codec.encode(entry.value());
    Set<String> tags = entry.tags();
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException(
          "an entry carries " + tags.size() + " tags but may carry at most " + MAX_TAGS);
    }
    byte[][] tagBytes = new byte[tags.size()][];
    int size = FIXED + payload.length;
    int i = 0;
    for (String tag : tags) {
      tagBytes[i] = tag.getBytes(StandardCharsets.UTF_8);
      size += 2 + tagBytes[i].length;
      i++;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION);
    out.putInt(fingerprint(codec));
    out.putLong(entry.expiresAt()).putLong(entry.staleUntil());
    out.putShort((short) tagBytes.length);
    for (byte[] tag : tagBytes) {
      out.putShort((short) tag.length).put(tag);
    }
    out.putInt(payload.length).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * Decodes bytes written by {@link #encode} with the same codec id and version.
   *
   * @param bytes the stored bytes
   * @param codec the value codec
   * @param <V> the value type
   * @return the entry
   * @throws CorruptEntryException if the bytes are foreign, damaged, truncated, or written by
   *     another codec, codec version or format version
   */
  public static <V> CacheEntry<V> decode(byte[] bytes, ValueCodec<V> codec) {
    if (bytes.length < 2 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new CorruptEntryException("not a tiercache entry (no 'TC' header)");
    }
    if (bytes.length < FIXED) {
      throw new CorruptEntryException(
          "truncated: " + bytes.length + " bytes, but an entry has at least " + FIXED);
    }
    if (bytes[2] != VERSION) {
      throw new CorruptEntryException(
          "written in entry format version " + (bytes[2] & 0xFF) + "; this reads " + VERSION);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != in.getInt(bytes.length - 4)) {
      throw new CorruptEntryException("checksum mismatch: the bytes were damaged");
    }
    in.position(3);
    if (in.getInt() != fingerprint(codec)) {
      throw new CorruptEntryException(
          "written by another codec or codec version (reading with '" + codec.id() + "' version "
              + codec.version() + ")");
    }
    long expiresAt = in.getLong();
    long staleUntil = in.getLong();
    if (staleUntil < expiresAt) {
      throw new CorruptEntryException("staleUntil is before expiresAt");
    }
    int tagCount = Short.toUnsignedInt(in.getShort());
    Set<String> tags = new HashSet<>(Math.max(4, tagCount * 2));
    int end = bytes.length - 4;
    for (int t = 0; t < tagCount; t++) {
      if (in.position() + 2 > end) {
        throw new CorruptEntryException("truncated in the tags");
      }
      int length = Short.toUnsignedInt(in.getShort());
      if (in.position() + length > end) {
        throw new CorruptEntryException("truncated in the tags");
      }
      tags.add(utf8(bytes, in.position(), length));
      in.position(in.position() + length);
    }
    if (in.position() + 4 > end) {
      throw new CorruptEntryException("truncated before the value");
    }
    int payloadLength = in.getInt();
    if (payloadLength < 0 || in.position() + payloadLength != end) {
      throw new CorruptEntryException("the value's length does not match the bytes");
    }
    byte[] payload = new byte[payloadLength];
    in.get(payload);
    V value;
    try {
      value = codec.decode(payload);
    } catch (RuntimeException e) {
      throw new CorruptEntryException("codec '" + codec.id() + "' rejected the value", e);
    }
    if (value == null) {
      throw new CorruptEntryException("codec '" + codec.id() + "' decoded null");
    }
    try {
      return new CacheEntry<>(value, expiresAt, staleUntil, tags);
    } catch (IllegalArgumentException e) {
      throw new CorruptEntryException("invalid entry metadata: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the fingerprint of a codec's id and version, as written in the header.
   *
   * @param codec the codec
   * @return the fingerprint
   */
  public static int fingerprint(ValueCodec<?> codec) {
    CRC32 crc = new CRC32();
    crc.update((codec.id() + "#" + codec.version()).getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  private static String utf8(byte[] bytes, int offset, int length) {
    try {
      return Utf8Codec.decode(bytes, offset, length);
    } catch (IllegalArgumentException e) {
      throw new CorruptEntryException("a tag is not valid UTF-8", e);
    }
  }
}
