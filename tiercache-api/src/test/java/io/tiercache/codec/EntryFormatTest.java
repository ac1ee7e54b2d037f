package io.tiercache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.spi.CacheEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Stored entries read back exactly, and anything else is recognised and refused. */
class EntryFormatTest {

  private static final ValueCodec<String> UTF8 = ValueCodec.utf8();

  /** The size of an entry without tags and with an empty value. */
  private static final int FIXED = 33;

  private static final String NO_HEADER = "not a tiercache entry (no 'TC' header)";
  private static final String DAMAGED = "checksum mismatch: the bytes were damaged";

  private static final CacheEntry<String> ENTRY =
      new CacheEntry<>(
          "{\"sku\":42,\"name\":\"Grüner Tee \uD83C\uDF75\"}",
          1_767_225_600_000L,
          1_767_225_630_000L,
          Set.of("product:42", "category:tea", "ünïcode-tag"));

  @Test
  void entryWithTagsRoundTrips() {
    assertThat(EntryFormat.decode(EntryFormat.encode(ENTRY, UTF8), UTF8)).isEqualTo(ENTRY);
  }

  @Test
  void entryThatNeverExpiresRoundTrips() {
    CacheEntry<String> forever =
        new CacheEntry<>("v", CacheEntry.NEVER, CacheEntry.NEVER, Set.of());
    CacheEntry<String> decoded = EntryFormat.decode(EntryFormat.encode(forever, UTF8), UTF8);
    assertThat(decoded).isEqualTo(forever);
    assertThat(decoded.expiresAt()).isEqualTo(CacheEntry.NEVER);
    assertThat(decoded.retainMillis(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void emptyValuesAndEmptyTagsRoundTrip() {
    CacheEntry<String> empty = new CacheEntry<>("", 0, 0, Set.of());
    byte[] encoded = EntryFormat.encode(empty, UTF8);
    assertThat(encoded).hasSize(FIXED);
    assertThat(EntryFormat.decode(encoded, UTF8)).isEqualTo(empty);
    CacheEntry<byte[]> noBytes = new CacheEntry<>(new byte[0], -5, 7, Set.of("t"));
    CacheEntry<byte[]> decoded =
        EntryFormat.decode(EntryFormat.encode(noBytes, ValueCodec.bytes()), ValueCodec.bytes());
    assertThat(decoded.value()).isEmpty();
    assertThat(decoded.expiresAt()).isEqualTo(-5);
    assertThat(decoded.staleUntil()).isEqualTo(7);
    assertThat(decoded.tags()).containsExactly("t");
  }

  @Test
  void headerHoldsMagicVersionFingerprintAndExpiry() {
    byte[] encoded = EntryFormat.encode(ENTRY, UTF8);
    ByteBuffer in = ByteBuffer.wrap(encoded);
    assertThat(encoded[0]).isEqualTo((byte) 'T');
    assertThat(encoded[1]).isEqualTo((byte) 'C');
    assertThat(encoded[2]).isEqualTo((byte) EntryFormat.VERSION);
    assertThat(in.getInt(3)).isEqualTo(EntryFormat.fingerprint(UTF8));
    assertThat(in.getLong(7)).isEqualTo(ENTRY.expiresAt());
    assertThat(in.getLong(15)).isEqualTo(ENTRY.staleUntil());
    assertThat(in.getShort(23)).isEqualTo((short) 3);
    int tagBytes = 0;
    for (String tag : ENTRY.tags()) {
      tagBytes += 2 + tag.getBytes(StandardCharsets.UTF_8).length;
    }
    assertThat(encoded).hasSize(FIXED + tagBytes + UTF8.encodedSize(ENTRY.value()));
  }

  @Test
  void fingerprintDependsOnCodecIdAndVersion() {
    assertThat(EntryFormat.fingerprint(UTF8))
        .isNotEqualTo(EntryFormat.fingerprint(ValueCodec.bytes()));
    assertThat(EntryFormat.fingerprint(new Versioned("json", 1)))
        .isEqualTo(EntryFormat.fingerprint(new Versioned("json", 1)))
        .isNotEqualTo(EntryFormat.fingerprint(new Versioned("json", 2)));
  }

  @Test
  void everySingleByteFlipIsRejected() {
    byte[] valid = EntryFormat.encode(ENTRY, UTF8);
    for (int position = 0; position < valid.length; position++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = valid.clone();
        damaged[position] ^= (byte) (1 << bit);
        assertCorrupt(damaged, expectedReasonForFlip(position, damaged));
      }
      byte[] inverted = valid.clone();
      inverted[position] ^= (byte) 0xFF;
      assertCorrupt(inverted, expectedReasonForFlip(position, inverted));
    }
  }

  private static String expectedReasonForFlip(int position, byte[] damaged) {
    if (position < 2) {
      return NO_HEADER;
    }
    if (position == 2) {
      return "written in entry format version " + (damaged[2] & 0xFF) + "; this reads 1";
    }
    return DAMAGED;
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] valid = EntryFormat.encode(ENTRY, UTF8);
    for (int length = 0; length < valid.length; length++) {
      byte[] truncated = Arrays.copyOf(valid, length);
      String reason =
          length < 2
              ? NO_HEADER
              : length < FIXED
                  ? "truncated: " + length + " bytes, but an entry has at least " + FIXED
                  : DAMAGED;
      assertCorrupt(truncated, reason);
    }
  }

  @Test
  void extraBytesAreRejected() {
    byte[] valid = EntryFormat.encode(ENTRY, UTF8);
    assertCorrupt(Arrays.copyOf(valid, valid.length + 1), DAMAGED);
  }

  @Test
  void foreignBytesAreRejected() throws IOException {
    ByteArrayOutputStream serialized = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
      out.writeObject("a Java-serialized string that is long enough to pass for an entry");
    }
    assertCorrupt(serialized.toByteArray(), NO_HEADER);
    assertCorrupt(
        "plain UTF-8 text, long enough to be taken for an entry".getBytes(StandardCharsets.UTF_8),
        NO_HEADER);
    assertCorrupt(new byte[0], NO_HEADER);
    assertCorrupt(new byte[] {'T'}, NO_HEADER);
    assertCorrupt(new byte[64], NO_HEADER);
    assertCorrupt(UTF8.encode(ENTRY.value()), NO_HEADER);
  }

  @Test
  void textThatHappensToStartWithTheMagicIsRejectedByItsVersion() {
    assertCorrupt(
        "TCP carries this text, which is no entry at all".getBytes(StandardCharsets.US_ASCII),
        "written in entry format version 80; this reads 1");
  }

  @Test
  void entriesOfAnotherCodecAreRejected() {
    byte[] asBytes =
        EntryFormat.encode(
            new CacheEntry<>("v".getBytes(StandardCharsets.UTF_8), 1, 2, Set.of()),
            ValueCodec.bytes());
    assertThatThrownBy(() -> EntryFormat.decode(asBytes, UTF8))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessage("written by another codec or codec version (reading with 'utf8' version 1)");
  }

  @Test
  void entriesOfAnotherCodecVersionAreRejected() {
    byte[] written =
        EntryFormat.encode(new CacheEntry<>("v", 1, 2, Set.of()), new Versioned("json", 1));
    assertThat(EntryFormat.decode(written, new Versioned("json", 1)).value()).isEqualTo("v");
    assertThatThrownBy(() -> EntryFormat.decode(written, new Versioned("json", 2)))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessage("written by another codec or codec version (reading with 'json' version 2)");
  }

  @Test
  void anotherFormatVersionIsRejectedEvenWithAValidChecksum() {
    byte[] body = body(EntryFormat.encode(ENTRY, UTF8));
    body[2] = 2;
    assertCorrupt(withChecksum(body), "written in entry format version 2; this reads 1");
  }

  /** Bytes with a valid checksum can still be inconsistent: each part is checked. */
  @Test
  void inconsistentMetadataIsRejectedEvenWithAValidChecksum() {
    assertCorrupt(forged(10, 9, new String[0], "v"), "staleUntil is before expiresAt");
    assertCorrupt(
        forged(1, 2, new String[] {" "}, "v"),
        "invalid entry metadata: tag was ' ' but must not" + " be blank");
    assertCorrupt(
        forged(1, 2, new String[] {"x".repeat(1025)}, "v"),
        "invalid entry metadata: tag was 1025 chars long but must be at most 1024");

    byte[] badTag = forged(1, 2, new String[] {"ab"}, "v");
    badTag[25 + 2] = (byte) 0xFF; // the tag's first byte
    assertCorrupt(withChecksum(body(badTag)), "a tag is not valid UTF-8");

    byte[] moreTags = body(forged(1, 2, new String[] {"ab"}, "v"));
    moreTags[24] = 9; // claims nine tags
    assertCorrupt(withChecksum(moreTags), "truncated in the tags");

    byte[] longTag = body(forged(1, 2, new String[] {"ab"}, "v"));
    longTag[26] = 100; // claims a tag of 100 bytes
    assertCorrupt(withChecksum(longTag), "truncated in the tags");

    // The header and one tag, then nothing: as long as the shortest entry, yet no value.
    byte[] noValue = Arrays.copyOf(body(forged(1, 2, new String[] {"ab"}, "")), 25 + 4);
    assertCorrupt(withChecksum(noValue), "truncated before the value");

    byte[] shortValue = body(forged(1, 2, new String[0], "abc"));
    shortValue[28] = 2; // claims a value of 2 bytes where there are 3
    assertCorrupt(withChecksum(shortValue), "the value's length does not match the bytes");

    byte[] negativeValue = body(forged(1, 2, new String[0], "abc"));
    negativeValue[25] = (byte) 0x80;
    assertCorrupt(withChecksum(negativeValue), "the value's length does not match the bytes");
  }

  @Test
  void valueTheCodecRejectsIsCorruptWithTheCodecsFailureAsCause() {
    byte[] bytes = forged(1, 2, new String[0], "ok");
    int valueStart = bytes.length - 4 - 2;
    byte[] body = body(bytes);
    body[valueStart] = (byte) 0xFF;
    assertThatThrownBy(() -> EntryFormat.decode(withChecksum(body), UTF8))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessage("codec 'utf8' rejected the value")
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .cause()
        .hasMessage("bytes are not valid UTF-8");
  }

  @Test
  void codecDecodingNullIsCorrupt() {
    ValueCodec<String> nulls =
        new ValueCodec<>() {
          @Override
          public String id() {
            return "nulls";
          }

          @Override
          public byte[] encode(String value) {
            return new byte[0];
          }

          @Override
          @SuppressWarnings("NullAway") // a broken codec, on purpose
          public String decode(byte[] bytes) {
            return null;
          }
        };
    byte[] written = EntryFormat.encode(new CacheEntry<>("v", 1, 2, Set.of()), nulls);
    assertThatThrownBy(() -> EntryFormat.decode(written, nulls))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessage("codec 'nulls' decoded null");
  }

  @Test
  void entryWithTooManyTagsCannotBeEncoded() {
    Set<String> tags = new HashSet<>();
    for (int i = 0; i <= 0xFFFF; i++) {
      tags.add("t" + i);
    }
    CacheEntry<String> entry = new CacheEntry<>("v", 1, 2, tags);
    assertThatThrownBy(() -> EntryFormat.encode(entry, UTF8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an entry carries 65536 tags but may carry at most 65535");
    tags.remove("t0");
    CacheEntry<String> most = new CacheEntry<>("v", 1, 2, tags);
    assertThat(EntryFormat.decode(EntryFormat.encode(most, UTF8), UTF8).tags()).hasSize(65535);
  }

  @Test
  void valueTheCodecCannotEncodeIsRefused() {
    assertThatThrownBy(() -> EntryFormat.encode(new CacheEntry<>("a\uD800", 1, 2, Set.of()), UTF8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
  }

  @Test
  void randomEntriesRoundTripExactly() {
    Random random = new Random(1125);
    for (int i = 0; i < 5_000; i++) {
      long expiresAt =
          random.nextInt(4) == 0 ? CacheEntry.NEVER : random.nextLong() >> random.nextInt(64);
      long staleUntil = CacheEntry.NEVER;
      if (expiresAt != CacheEntry.NEVER && random.nextInt(4) != 0) {
        long room = CacheEntry.NEVER - Math.max(0, expiresAt); // keeps staleUntil below NEVER
        staleUntil = expiresAt + (random.nextLong() >>> (1 + random.nextInt(63))) % room;
      }
      Set<String> tags = new HashSet<>();
      int tagCount = random.nextInt(6);
      for (int t = 0; t < tagCount; t++) {
        tags.add("t" + ValueCodecTest.randomString(random, 1 + random.nextInt(12)));
      }
      CacheEntry<String> entry =
          new CacheEntry<>(
              ValueCodecTest.randomString(random, random.nextInt(200)),
              expiresAt,
              staleUntil,
              tags);
      assertThat(EntryFormat.decode(EntryFormat.encode(entry, UTF8), UTF8)).isEqualTo(entry);

      byte[] raw = new byte[random.nextInt(300)];
      random.nextBytes(raw);
      CacheEntry<byte[]> bytes = new CacheEntry<>(raw, expiresAt, staleUntil, tags);
      CacheEntry<byte[]> decoded =
          EntryFormat.decode(EntryFormat.encode(bytes, ValueCodec.bytes()), ValueCodec.bytes());
      assertThat(decoded.value()).isEqualTo(raw);
      assertThat(decoded.withValue("same")).isEqualTo(bytes.withValue("same"));
    }
  }

  @Test
  void randomBytesAreNeverMistakenForAnEntry() {
    Random random = new Random(99);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(80)];
      random.nextBytes(bytes);
      if (i % 2 == 0 && bytes.length >= 3) {
        bytes[0] = 'T';
        bytes[1] = 'C';
        bytes[2] = 1;
      }
      assertThatThrownBy(() -> EntryFormat.decode(bytes, UTF8))
          .isInstanceOf(CorruptEntryException.class);
    }
  }

  private static void assertCorrupt(byte[] bytes, String reason) {
    assertThatThrownBy(() -> EntryFormat.decode(bytes, UTF8))
        .as("decoding %s", Arrays.toString(bytes))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessage(reason);
  }

  /** Encodes an entry by hand, with a valid checksum, skipping the entry's own checks. */
  private static byte[] forged(long expiresAt, long staleUntil, String[] tags, String value) {
    ByteBuffer out = ByteBuffer.allocate(4096);
    out.put((byte) 'T').put((byte) 'C').put((byte) 1);
    out.putInt(EntryFormat.fingerprint(UTF8));
    out.putLong(expiresAt).putLong(staleUntil);
    out.putShort((short) tags.length);
    for (String tag : tags) {
      byte[] bytes = tag.getBytes(StandardCharsets.UTF_8);
      out.putShort((short) bytes.length).put(bytes);
    }
    byte[] payload = value.getBytes(StandardCharsets.UTF_8);
    out.putInt(payload.length).put(payload);
    return withChecksum(Arrays.copyOf(out.array(), out.position()));
  }

  /** The bytes without their checksum. */
  private static byte[] body(byte[] encoded) {
    return Arrays.copyOf(encoded, encoded.length - 4);
  }

  private static byte[] withChecksum(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
  }

  /** A codec whose id and version are given, storing strings as UTF-8. */
  private static final class Versioned implements ValueCodec<String> {
    private final String id;
    private final int version;

    Versioned(String id, int version) {
      this.id = id;
      this.version = version;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public int version() {
      return version;
    }

    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
