package io.tiercache.codec;

import java.util.Objects;

/**
 * Turns values into bytes and back, for tiers that store bytes.
 *
 * <p>The {@link #id()} and {@link #version()} are written into every stored entry (as a
 * fingerprint, by {@link EntryFormat}); bump the version whenever the byte form changes, so that
 * entries written by the old form read as misses instead of failing to decode. Implementations
 * must be safe for concurrent use.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  /**
   * Returns a stable name of this codec, such as {@code utf8} or {@code product-json}.
   *
   * @return the name
   */
  String id();

  /**
   * Returns the version of the byte form; change it when the form changes.
   *
   * @return the version, 1 by default
   */
  default int version() {
    return 1;
  }

  /**
   * Encodes a value.
   *
   * @param value the value, never {@code null}
   * @return its bytes; the caller may keep the array
   * @throws IllegalArgumentException if this codec cannot encode the value
   */
  byte[] encode(V value);

  /**
   * Decodes bytes written by {@link #encode} of the same id and version.
   *
   * @param bytes the bytes
   * @return the value, never {@code null}
   * @throws RuntimeException of any kind if the bytes are not a valid value; the tier reports a
   *     miss
   */
  V decode(byte[] bytes);

  /**
   * Returns the encoded size of a value, used to weigh entries and to enforce
   * {@code maxEntrySize}. The default encodes the value; override it when the size is cheaper to
   * compute.
   *
   * @param value the value
   * @return its size in bytes
   * @throws IllegalArgumentException if this codec cannot encode the value
   */
  default int encodedSize(V value) {
    return encode(value).length;
  }

  /**
   * Returns a codec for byte arrays, stored as they are. Arrays are copied in both directions so
   * that no caller can change a stored value.
   *
   * @return the codec, id {@code bytes}
   */
  static ValueCodec<byte[]> bytes() {
    return ByteArrayCodec.INSTANCE;
  }

  /**
   * Returns a codec for strings as UTF-8. Encoding (and {@link #encodedSize}) rejects a string
   * holding an unpaired surrogate, which UTF-8 cannot represent, with an
   * {@link IllegalArgumentException}, rather than storing a different string; decoding rejects
   * malformed UTF-8 with an {@link IllegalArgumentException}.
   *
   * @return the codec, id {@code utf8}
   */
  static ValueCodec<String> utf8() {
    return Utf8Codec.INSTANCE;
  }
}

/** Byte arrays as they are. */
enum ByteArrayCodec implements ValueCodec<byte[]> {
  INSTANCE;

  @Override
  public String id() {
    return "bytes";
  }

  @Override
  public byte[] encode(byte[] value) {
    return Objects.requireNonNull(value, "value").clone();
  }

  @Override
  public byte[] decode(byte[] bytes) {
    return bytes.clone();
  }

  @Override
  public int encodedSize(byte[] value) {
    return value.length;
  }
}
