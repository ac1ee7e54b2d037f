package io.tiercache.backend.ehcache.internal;

import io.tiercache.codec.CorruptEntryException;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.ehcache.spi.serialization.Serializer;
import org.ehcache.spi.serialization.SerializerException;

/**
 * Ehcache's serializer of {@link StoredEntry stored entries}, for the off-heap and disk tiers:
 * the stack's {@link ValueCodec} inside tiercache's {@link EntryFormat}, inside a frame that
 * names the key.
 *
 * <h2>Frame, version 1</h2>
 *
 * <pre>
 * offset size
 *  0      2   magic 'T' 'E'
 *  2      1   frame version (1)
 *  3      8   fingerprint of the key: FNV-1a, 64 bits, over its UTF-16 code units, big-endian
 * 11      n   the entry in {@link EntryFormat} (which ends with its own CRC-32C)
 * </pre>
 *
 * <p>The key's fingerprint makes sure that bytes are only ever returned for the key they were
 * written under, whatever happens to the store's own index; the entry's checksum, that they are
 * returned whole. Reading never throws: bytes that are truncated, foreign, damaged, written by
 * another codec, codec version or frame version read as a {@link StoredEntry} that says why they
 * were rejected, and the tier turns that into a miss.
 *
 * <p>Ehcache is given an instance of this class, so it needs no {@code (ClassLoader)}
 * constructor. Stateless apart from its codec, and safe for concurrent use.
 *
 * @param <V> the value type of the codec
 */
public final class StoredEntrySerializer<V> implements Serializer<StoredEntry> {

  /** The frame version this class writes and reads. */
  public static final int VERSION = 1;

  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'E';
  private static final int HEADER = 2 + 1 + 8;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final ValueCodec<V> codec;

  /**
   * Creates the serializer.
   *
   * @param codec the stack's codec
   */
  public StoredEntrySerializer(ValueCodec<V> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Encodes an entry for a key into a stored entry that carries its frame.
   *
   * @param key the key it is written under
   * @param entry the entry
   * @return the stored entry
   * @throws IllegalArgumentException if the codec cannot encode the value, or the entry has too
   *     many tags
   */
  public StoredEntry encode(String key, CacheEntry<V> entry) {
    long fingerprint = fingerprint(key);
    return StoredEntry.encoded(entry, fingerprint, frame(fingerprint, entry));
  }

  /**
   * Returns the frame of an entry written under a key, as this serializer stores it.
   *
   * @param key the key
   * @param entry the entry
   * @return the bytes
   * @throws IllegalArgumentException if the codec cannot encode the value
   */
  public byte[] frame(String key, CacheEntry<V> entry) {
    return frame(fingerprint(key), entry);
  }

  @Override
  public ByteBuffer serialize(StoredEntry object) throws SerializerException {
    byte[] frame = object.frame();
    if (frame != null) {
      return ByteBuffer.wrap(frame);
    }
    CacheEntry<?> entry = object.entry();
    if (entry == null) {
      throw new SerializerException("a stored entry holds neither an entry nor bytes");
    }
    // A decoded entry was encoded by this codec, so it encodes again.
    @SuppressWarnings("unchecked")
    CacheEntry<V> typed = (CacheEntry<V>) entry;
    return ByteBuffer.wrap(frame(object.keyFingerprint(), typed));
  }

  @Override
  public StoredEntry read(ByteBuffer binary) {
    ByteBuffer in = binary.duplicate();
    int length = in.remaining();
    if (length < 2 || in.get(in.position()) != MAGIC_0 || in.get(in.position() + 1) != MAGIC_1) {
      return StoredEntry.rejected("not a tiercache frame (no 'TE' header)", copy(binary));
    }
    if (length < HEADER) {
      return StoredEntry.rejected(
          "truncated: " + length + " bytes, but a frame has at least " + HEADER, copy(binary));
    }
    in.position(in.position() + 2);
    int version = in.get() & 0xFF;
    if (version != VERSION) {
      return StoredEntry.rejected(
          "written in frame version " + version + "; this reads " + VERSION, copy(binary));
    }
    long fingerprint = in.getLong();
    byte[] entryBytes = new byte[in.remaining()];
    in.get(entryBytes);
    try {
      return StoredEntry.decoded(EntryFormat.decode(entryBytes, codec), fingerprint);
    } catch (CorruptEntryException e) {
      return StoredEntry.rejected(e.getMessage() == null ? e.toString() : e.getMessage(),
          copy(binary));
    } catch (RuntimeException e) {
      // A codec must throw only for bad bytes, but a read must never fail: say what it threw.
      return StoredEntry.rejected("decoding failed: " + e, copy(binary));
    }
  }

  @Override
  public boolean equals(StoredEntry object, ByteBuffer binary) throws SerializerException {
    return serialize(object).equals(binary.duplicate());
  }

  /**
   * Returns the fingerprint of a key as written in frames: FNV-1a, 64 bits, over the key's UTF-16
   * code units. Stable across processes and versions.
   *
   * @param key the key
   * @return the fingerprint
   */
  public static long fingerprint(String key) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      hash = (hash ^ (c & 0xFF)) * FNV_PRIME;
      hash = (hash ^ (c >>> 8)) * FNV_PRIME;
    }
    return hash;
  }

  @Override
  public String toString() {
    return "StoredEntrySerializer[" + codec.id() + "#" + codec.version() + "]";
  }

  private byte[] frame(long fingerprint, CacheEntry<V> entry) {
    byte[] encoded = EntryFormat.encode(entry, codec);
    ByteBuffer out = ByteBuffer.allocate(HEADER + encoded.length);
    out.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION).putLong(fingerprint).put(encoded);
    return out.array();
  }

  private static byte[] copy(ByteBuffer binary) {
    ByteBuffer in = binary.duplicate();
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    return bytes;
  }
}
