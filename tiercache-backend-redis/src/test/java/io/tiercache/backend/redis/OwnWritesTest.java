package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Remembering a tier's own writes, to tell their tracking echoes from other changes. */
class OwnWritesTest {

  @Test
  void aKeyIsCheckedOncePerOwnWriteAgainstTheLastValueWritten() {
    OwnWrites writes = new OwnWrites();
    byte[] first = "first value, crc1".getBytes(StandardCharsets.UTF_8);
    byte[] second = "second value crc2".getBytes(StandardCharsets.UTF_8);
    assertThat(writes.takeEcho("k")).as("a key never written is delivered").isNull();
    writes.wrote("k", first);
    writes.wrote("k", second);
    assertThat(writes.takeEcho("k")).isEqualTo(OwnWrites.fingerprint(second));
    assertThat(writes.takeEcho("k")).isEqualTo(OwnWrites.fingerprint(second));
    assertThat(writes.takeEcho("k")).as("both echoes taken").isNull();
    writes.wrote("gone", null);
    assertThat(writes.takeEcho("gone")).isEmpty();
    writes.wrote("x", first);
    writes.clear();
    assertThat(writes.size()).isZero();
  }

  @Test
  void theFingerprintIsTheLengthAndTheLastFourBytes() {
    assertThat(OwnWrites.fingerprint(null)).isEmpty();
    assertThat(OwnWrites.fingerprint(new byte[0])).isEmpty();
    assertThat(new String(OwnWrites.fingerprint("abcdefgh".getBytes(StandardCharsets.US_ASCII)),
        StandardCharsets.US_ASCII)).isEqualTo("8:efgh");
    assertThat(new String(OwnWrites.fingerprint("ab".getBytes(StandardCharsets.US_ASCII)),
        StandardCharsets.US_ASCII)).isEqualTo("2:ab");
  }

  @Test
  void memoryIsBounded() {
    OwnWrites writes = new OwnWrites();
    for (int i = 0; i <= OwnWrites.MAX_PENDING; i++) {
      writes.wrote("k" + i, new byte[] {1});
    }
    assertThat(writes.size()).isLessThanOrEqualTo(OwnWrites.MAX_PENDING);
  }
}
