package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A test clock moves only when told to, both readings together. */
class ManualClockTest {

  @Test
  void startsAtTheStartOf2026ByDefault() {
    ManualClock clock = new ManualClock();
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.toString()).isEqualTo("ManualClock[2026-01-01T00:00:00Z]");
  }

  @Test
  void startsWhereTold() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(1234));
    assertThat(clock.millis()).isEqualTo(1234);
    assertThat(clock.millis()).isEqualTo(1234); // does not move by itself
  }

  @Test
  void advancingMovesBothReadingsTogether() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(0));
    assertThat(clock.advance(Duration.ofSeconds(5))).isSameAs(clock);
    assertThat(clock.millis()).isEqualTo(5_000);
    assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L);
    clock.advanceMillis(250);
    assertThat(clock.millis()).isEqualTo(5_250);
    assertThat(clock.nanoTime()).isEqualTo(5_250_000_000L);
    assertThat(clock.toString()).isEqualTo("ManualClock[1970-01-01T00:00:05.250Z]");
  }

  @Test
  void fractionsOfAMillisecondAddUp() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(0));
    clock.advance(Duration.ofNanos(600_000));
    assertThat(clock.millis()).isZero();
    assertThat(clock.nanoTime()).isEqualTo(600_000);
    clock.advance(Duration.ofNanos(600_000));
    assertThat(clock.millis()).isEqualTo(1);
    assertThat(clock.nanoTime()).isEqualTo(1_200_000);
  }

  @Test
  void zeroIsAllowedButTimeNeverGoesBack() {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(10));
    clock.advance(Duration.ZERO);
    assertThat(clock.millis()).isEqualTo(10);
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a clock only moves forward: amount was PT-0.001S but must not be negative");
    assertThatThrownBy(() -> clock.advanceMillis(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a clock only moves forward: amount was PT-0.005S but must not be negative");
    assertThat(clock.millis()).isEqualTo(10);
  }

  @Test
  @SuppressWarnings("NullAway") // deliberately null, to test the checks
  void nullsAreRefused() {
    assertThatThrownBy(() -> new ManualClock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("start must not be null");
    assertThatThrownBy(() -> new ManualClock().advance(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("amount must not be null");
  }

  @Test
  void concurrentAdvancesAreAllCounted() throws InterruptedException {
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(0));
    int threads = 8;
    int advances = 10_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < advances; i++) {
                  clock.advanceMillis(1);
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(clock.millis()).isEqualTo((long) threads * advances);
    assertThat(clock.nanoTime()).isEqualTo(threads * advances * 1_000_000L);
  }

  @Test
  void systemClockReadsTheMachinesClock() {
    TierClock system = TierClock.system();
    long before = System.currentTimeMillis();
    long millis = system.millis();
    long after = System.currentTimeMillis();
    assertThat(millis).isBetween(before, after);
    long first = system.nanoTime();
    assertThat(system.nanoTime()).isGreaterThanOrEqualTo(first);
    assertThat(system).isSameAs(TierClock.system());
    assertThat(system.toString()).isEqualTo("TierClock.system()");
  }
}
