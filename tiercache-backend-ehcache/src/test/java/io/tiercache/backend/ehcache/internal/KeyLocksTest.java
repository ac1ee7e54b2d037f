package io.tiercache.backend.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyLocksTest {

  @Test
  void countIsRoundedUpToAPowerOfTwoAndAKeyAlwaysGetsTheSameLock() {
    KeyLocks locks = new KeyLocks(1000);

    assertThat(locks.size()).isEqualTo(1024);
    assertThat(locks.of("k")).isSameAs(locks.of("k"));
    assertThat(new KeyLocks(1).size()).isEqualTo(1);
    assertThatThrownBy(() -> new KeyLocks(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lockAllHoldsEveryKeyAndLetsTheHolderTakeAKeyAgain() {
    KeyLocks locks = new KeyLocks(16);

    locks.lockAll();
    try {
      assertThat(locks.of("k").isHeldByCurrentThread()).isTrue();
      locks.of("k").lock(); // reentrant
      locks.of("k").unlock();
    } finally {
      locks.unlockAll();
    }

    assertThat(locks.of("k").isLocked()).isFalse();
  }
}
