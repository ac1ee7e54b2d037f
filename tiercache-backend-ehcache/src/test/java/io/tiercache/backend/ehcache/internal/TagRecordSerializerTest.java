package io.tiercache.backend.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.backend.ehcache.internal.TagIndex.Member;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TagRecordSerializerTest {

  private final TagRecordSerializer serializer = new TagRecordSerializer();

  @Test
  void membersReadBackInOrder() {
    List<Member> members =
        List.of(
            new Member("k", 5),
            new Member("ключ \uD83D\uDE00 \u0000", Long.MAX_VALUE),
            new Member("x".repeat(10_000), -1));

    TagRecord read = serializer.read(serializer.serialize(TagRecord.members(members)));

    assertThat(read.problem()).isNull();
    assertThat(read.isManifest()).isFalse();
    assertThat(read.members()).isEqualTo(members);
  }

  @Test
  void manifestReadsBack() {
    TagRecord read = serializer.read(serializer.serialize(TagRecord.manifest(3, 7, -42)));

    assertThat(read.isManifest()).isTrue();
    assertThat(read.tagCount()).isEqualTo(3);
    assertThat(read.memberCount()).isEqualTo(7);
    assertThat(read.codecFingerprint()).isEqualTo(-42);
  }

  @Test
  void everySingleBitFlipIsRejected() {
    byte[] bytes =
        toArray(serializer.serialize(TagRecord.members(List.of(new Member("k", 1)))));
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = bytes.clone();
        flipped[i] ^= (byte) (1 << bit);
        assertThat(serializer.read(ByteBuffer.wrap(flipped)).problem())
            .as("byte %d bit %d", i, bit)
            .isNotNull();
      }
    }
  }

  @Test
  void randomBytesNeverThrow() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 10_000; n++) {
      byte[] bytes = new byte[random.nextInt(48)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) random.nextInt(256);
      }
      if (bytes.length > 3) {
        bytes[0] = 'T';
        bytes[1] = 'I';
        bytes[2] = 1;
      }
      assertThat(serializer.read(ByteBuffer.wrap(bytes)).problem()).isNotNull();
    }
  }

  @Test
  void rejectedRecordIsNeverWritten() {
    TagRecord rejected = serializer.read(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    assertThat(rejected.problem()).isEqualTo("not a tag record");
    assertThatThrownBy(() -> serializer.serialize(rejected))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalsComparesTheStoredBytes() {
    TagRecord record = TagRecord.members(List.of(new Member("k", 1)));

    assertThat(serializer.equals(record, serializer.serialize(record))).isTrue();
    assertThat(serializer.equals(record, serializer.serialize(TagRecord.manifest(1, 1, 1))))
        .isFalse();
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
