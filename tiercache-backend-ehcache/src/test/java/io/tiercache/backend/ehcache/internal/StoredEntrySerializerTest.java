package io.tiercache.backend.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StoredEntrySerializerTest {

  private final StoredEntrySerializer<String> serializer =
      new StoredEntrySerializer<>(ValueCodec.utf8());
  private final CacheEntry<String> entry =
      new CacheEntry<>("välue \uD83D\uDE00", 1_000, 2_000, Set.of("a", "b\u0000c"));

  @Test
  void entryReadsBackWithItsKeyAndMetadata() {
    StoredEntry read = serializer.read(serializer.serialize(serializer.encode("kéy", entry)));

    assertThat(read.entry()).isEqualTo(entry);
    assertThat(read.problem()).isNull();
    assertThat(read.belongsTo("kéy")).isTrue();
    assertThat(read.belongsTo("key")).isFalse();
    assertThat(serializer.serialize(read))
        .as("a decoded entry serializes to the same bytes")
        .isEqualTo(ByteBuffer.wrap(serializer.frame("kéy", entry)));
  }

  @Test
  void readingLeavesTheBufferAsItWas() {
    ByteBuffer buffer = serializer.serialize(serializer.encode("k", entry));
    int position = buffer.position();

    serializer.read(buffer);

    assertThat(buffer.position()).isEqualTo(position);
  }

  @Test
  void frameStartsWithTheHeaderAndTheKeysFingerprint() {
    byte[] frame = serializer.frame("k", entry);

    assertThat(Arrays.copyOf(frame, 3)).containsExactly('T', 'E', 1);
    assertThat(ByteBuffer.wrap(frame, 3, 8).getLong()).isEqualTo(StoredEntrySerializer.fingerprint("k"));
    // FNV-1a 64 over the UTF-16 code units, low byte first (checked with an independent
    // implementation): fixed forever, since it is on disk.
    assertThat(StoredEntrySerializer.fingerprint("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(StoredEntrySerializer.fingerprint("k")).isEqualTo(0x08bdde07b561d17eL);
  }

  @Test
  void foreignTruncatedAndFutureBytesAreRejectedSayingWhy() {
    assertThat(rejection(new byte[0])).isEqualTo("not a tiercache frame (no 'TE' header)");
    assertThat(rejection("hello".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("not a tiercache frame (no 'TE' header)");
    assertThat(rejection(new byte[] {'T', 'E', 1, 0}))
        .isEqualTo("truncated: 4 bytes, but a frame has at least 11");
    byte[] future = serializer.frame("k", entry);
    future[2] = 2;
    assertThat(rejection(future)).isEqualTo("written in frame version 2; this reads 1");
    byte[] cut = Arrays.copyOf(serializer.frame("k", entry), 30);
    assertThat(rejection(cut)).startsWith("truncated");
  }

  @Test
  void entryOfAnotherCodecIsRejectedNamingTheCodec() {
    StoredEntrySerializer<byte[]> bytes = new StoredEntrySerializer<>(ValueCodec.bytes());
    byte[] frame =
        bytes.frame("k", new CacheEntry<>(new byte[] {1}, 1, 1, Set.of()));

    assertThat(rejection(frame))
        .isEqualTo("written by another codec or codec version (reading with 'utf8' version 1)");
  }

  @Test
  void everySingleBitFlipIsRejectedOrBelongsToNoKey() {
    byte[] frame = serializer.frame("k", entry);
    for (int i = 0; i < frame.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = frame.clone();
        flipped[i] ^= (byte) (1 << bit);

        StoredEntry read = serializer.read(ByteBuffer.wrap(flipped));

        assertThat(read.problem() != null || !read.belongsTo("k"))
            .as("byte %d bit %d flipped: %s", i, bit, read)
            .isTrue();
      }
    }
  }

  @Test
  void randomBytesNeverThrow() {
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 0; n < 10_000; n++) {
      byte[] bytes = new byte[random.nextInt(64)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) random.nextInt(256);
      }
      if (bytes.length > 2 && random.nextBoolean()) {
        bytes[0] = 'T';
        bytes[1] = 'E';
        bytes[2] = 1;
      }
      assertThat(serializer.read(ByteBuffer.wrap(bytes)).problem()).isNotNull();
    }
  }

  @Test
  void rejectedAndRawBytesSerializeBackUnchanged() {
    byte[] foreign = "foreign".getBytes(StandardCharsets.UTF_8);

    assertThat(serializer.serialize(serializer.read(ByteBuffer.wrap(foreign))))
        .isEqualTo(ByteBuffer.wrap(foreign));
    assertThat(serializer.serialize(StoredEntry.raw(foreign))).isEqualTo(ByteBuffer.wrap(foreign));
  }

  @Test
  void equalsComparesTheStoredBytes() {
    StoredEntry stored = serializer.encode("k", entry);

    assertThat(serializer.equals(stored, ByteBuffer.wrap(serializer.frame("k", entry)))).isTrue();
    assertThat(serializer.equals(stored, ByteBuffer.wrap(serializer.frame("j", entry)))).isFalse();
  }

  @Test
  void entryByReferenceBelongsToAnyKey() {
    StoredEntry stored = StoredEntry.byReference(entry);

    assertThat(stored.belongsTo("anything")).isTrue();
    assertThat(stored.entry()).isSameAs(entry);
  }

  private String rejection(byte[] bytes) {
    StoredEntry read = serializer.read(ByteBuffer.wrap(bytes));
    assertThat(read.entry()).isNull();
    return read.problem();
  }
}
