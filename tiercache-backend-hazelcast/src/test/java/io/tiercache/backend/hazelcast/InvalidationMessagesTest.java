package io.tiercache.backend.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.spi.Invalidation;
import io.tiercache.spi.Invalidation.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InvalidationMessagesTest {

  @Test
  void everyKindRoundTrips() {
    List<Invalidation> messages =
        List.of(
            new Invalidation("origin-1", Kind.KEYS, List.of("a", "ключ", "键🔑", "x".repeat(10_000))),
            new Invalidation("origin-2", Kind.TAGS, List.of("t1", "e\u0301")),
            new Invalidation("origin-3", Kind.CLEAR, List.of()));

    for (Invalidation message : messages) {
      assertThat(InvalidationMessages.decode(InvalidationMessages.encode(message)))
          .isEqualTo(message);
    }
  }

  @Test
  void foreignBytesAreRefusedSayingWhy() {
    byte[] good = InvalidationMessages.encode(new Invalidation("o", Kind.KEYS, List.of("k")));

    byte[] version = good.clone();
    version[0] = 9;
    assertThatThrownBy(() -> InvalidationMessages.decode(version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("written in message version 9; this reads 1");
    byte[] kind = good.clone();
    kind[1] = 7;
    assertThatThrownBy(() -> InvalidationMessages.decode(kind)).hasMessage("unknown kind 7");
    assertThatThrownBy(() -> InvalidationMessages.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidationMessages.decode(Arrays.copyOf(good, good.length + 2)))
        .hasMessage("2 bytes after the last item");
    byte[] utf8 = good.clone();
    utf8[good.length - 1] = (byte) 0xC3;
    assertThatThrownBy(() -> InvalidationMessages.decode(utf8))
        .hasMessage("a string is not valid UTF-8");
    assertThatThrownBy(() -> InvalidationMessages.decode(new byte[0]))
        .hasMessage("truncated");
  }

  @Test
  void randomBytesNeverThrowAnythingButIllegalArgument() {
    SplittableRandom random = new SplittableRandom(42);
    byte[] good =
        InvalidationMessages.encode(new Invalidation("origin", Kind.TAGS, List.of("a", "b")));
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes;
      if (random.nextBoolean()) {
        bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
      } else {
        bytes = good.clone();
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      try {
        InvalidationMessages.decode(bytes);
      } catch (IllegalArgumentException expected) {
        // refused, as it should be
      }
    }
  }
}
