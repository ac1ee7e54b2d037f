package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.backend.redis.internal.InvalidationCodec;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.Invalidation.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pub/sub message format: round trips, and rejects everything else with a reason. */
class InvalidationCodecTest {

  @Test
  void everyKindRoundTrips() {
    for (Invalidation message : List.of(
        new Invalidation("origin-1", Kind.KEYS, List.of("k")),
        new Invalidation("o", Kind.KEYS, List.of("\u043a\u043b\u044e\u0447", "\ud83d\udd11",
            "nul\u0000", "x".repeat(70_000))),
        new Invalidation("origin", Kind.TAGS, List.of("red", "blue")),
        new Invalidation("7f1c-uuid", Kind.CLEAR, List.of()))) {
      assertThat(InvalidationCodec.decode(InvalidationCodec.encode(message))).isEqualTo(message);
    }
  }

  @Test
  void theFormatIsPinned() {
    byte[] bytes = InvalidationCodec.encode(new Invalidation("ab", Kind.TAGS, List.of("t")));
    assertThat(bytes).containsExactly('T', 'I', 1, 1, 0, 2, 'a', 'b', 0, 0, 0, 1, 0, 0, 0, 1, 't');
  }

  @Test
  void malformedMessagesAreRejectedSayingWhy() {
    byte[] valid = InvalidationCodec.encode(new Invalidation("ab", Kind.KEYS, List.of("k")));
    assertRejected("garbage".getBytes(StandardCharsets.UTF_8), "no 'TI' header");
    assertRejected(new byte[] {'T', 'I', 2, 0, 0, 0}, "version 2");
    assertRejected(new byte[] {'T', 'I', 1, 9, 0, 0}, "unknown kind 9");
    assertRejected(Arrays.copyOf(valid, valid.length - 1), "past the end");
    assertRejected(Arrays.copyOf(valid, 8), "truncated");
    assertRejected(Arrays.copyOf(valid, valid.length + 1), "after the last item");
    byte[] badUtf8 = valid.clone();
    badUtf8[valid.length - 1] = (byte) 0xC3;
    assertRejected(badUtf8, "UTF-8");
    byte[] hugeCount = valid.clone();
    hugeCount[8] = 0x7F;
    assertRejected(hugeCount, "item count");
    assertRejected(new byte[] {'T', 'I', 1, 2, 0, 1, 'o', 0, 0, 0, 1, 0, 0, 0, 1, 'x'},
        "CLEAR invalidation carries no items");
    assertRejected(new byte[] {'T', 'I', 1, 0, 0, 1, ' ', 0, 0, 0, 1, 0, 0, 0, 1, 'x'},
        "origin must not be blank");
  }

  @Test
  void randomAndMutatedBytesOnlyEverFailWithIllegalArgument() {
    SplittableRandom random = new SplittableRandom(42);
    byte[] valid = InvalidationCodec.encode(
        new Invalidation("origin", Kind.KEYS, List.of("key-1", "key-2")));
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      try {
        InvalidationCodec.decode(bytes);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static void assertRejected(byte[] bytes, String reason) {
    assertThatThrownBy(() -> InvalidationCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }
}
