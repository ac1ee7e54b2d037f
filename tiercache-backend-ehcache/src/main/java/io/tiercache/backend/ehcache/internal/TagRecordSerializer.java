package io.tiercache.backend.ehcache.internal;

import io.tiercache.backend.ehcache.internal.TagIndex.Member;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.ehcache.spi.serialization.Serializer;

/**
 * Ehcache's serializer of {@link TagRecord tag records}, for the tags cache of a persistent
 * tier.
 *
 * <h2>Format, version 1</h2>
 *
 * <pre>
 * offset size
 *  0      2   magic 'T' 'I'
 *  2      1   format version (1)
 *  3      1   kind: 0 = the keys of a tag, 1 = manifest
 * kind 0:
 *  4      4   number of keys; per key: 4-byte length, UTF-8 bytes, 8-byte staleUntil
 * kind 1:
 *  4      8   number of tag records, then 8: number of keys they list, then 4: fingerprint of
 *             the codec of the entries
 * end     4   CRC-32C of every byte before it
 * </pre>
 *
 * <p>Reading never throws: anything else reads as a record that says why it was rejected.
 * Stateless and safe for concurrent use.
 */
public final class TagRecordSerializer implements Serializer<TagRecord> {

  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'I';
  private static final int VERSION = 1;
  private static final byte MEMBERS = 0;
  private static final byte MANIFEST = 1;

  /** Creates the serializer. */
  public TagRecordSerializer() {}

  @Override
  public ByteBuffer serialize(TagRecord record) {
    if (record.problem() != null) {
      throw new IllegalArgumentException("a rejected tag record is never written back");
    }
    int size = 4 + 4;
    List<byte[]> keys = new ArrayList<>(record.members().size());
    if (record.isManifest()) {
      size += 20;
    } else {
      size += 4;
      for (Member member : record.members()) {
        byte[] key = member.key().getBytes(StandardCharsets.UTF_8);
        keys.add(key);
        size += 4 + key.length + 8;
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION);
    if (record.isManifest()) {
      out.put(MANIFEST).putLong(record.tagCount()).putLong(record.memberCount())
          .putInt(record.codecFingerprint());
    } else {
      out.put(MEMBERS).putInt(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        out.putInt(keys.get(i).length).put(keys.get(i)).putLong(record.members().get(i).staleUntil());
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    out.flip();
    return out;
  }

  @Override
  public TagRecord read(ByteBuffer binary) {
    ByteBuffer in = binary.duplicate();
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    if (bytes.length < 8 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      return TagRecord.rejected("not a tag record");
    }
    if (bytes[2] != VERSION) {
      return TagRecord.rejected("written in tag record version " + (bytes[2] & 0xFF));
    }
    ByteBuffer data = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != data.getInt(bytes.length - 4)) {
      return TagRecord.rejected("checksum mismatch");
    }
    data.position(3);
    data.limit(bytes.length - 4);
    try {
      byte kind = data.get();
      if (kind == MANIFEST) {
        TagRecord manifest = TagRecord.manifest(data.getLong(), data.getLong(), data.getInt());
        return data.hasRemaining()
            ? TagRecord.rejected(data.remaining() + " bytes left over")
            : manifest;
      }
      if (kind != MEMBERS) {
        return TagRecord.rejected("unknown kind " + kind);
      }
      int count = data.getInt();
      if (count < 0 || count > data.remaining() / 12) {
        return TagRecord.rejected("bad key count " + count);
      }
      List<Member> members = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = data.getInt();
        if (length < 0 || length > data.remaining() - 8) {
          return TagRecord.rejected("bad key length " + length);
        }
        String key = new String(bytes, data.position(), length, StandardCharsets.UTF_8);
        data.position(data.position() + length);
        members.add(new Member(key, data.getLong()));
      }
      if (data.hasRemaining()) {
        return TagRecord.rejected(data.remaining() + " bytes left over");
      }
      return TagRecord.members(members);
    } catch (RuntimeException e) {
      // The checksum matched, so only a writer of another format gets here; never throw.
      return TagRecord.rejected("malformed: " + e);
    }
  }

  @Override
  public boolean equals(TagRecord object, ByteBuffer binary) {
    return serialize(object).equals(binary.duplicate());
  }

  @Override
  public String toString() {
    return "TagRecordSerializer";
  }
}
