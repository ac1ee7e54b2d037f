package io.tiercache.backend.caffeine;

import static io.tiercache.backend.caffeine.Tiers.entry;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tiercache.spi.ManualClock;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves that the synchronous read allocates nothing — no future, no boxing, no lambda — by
 * counting the bytes the current thread allocates over many reads.
 *
 * <p>This is an allocation assertion, not a timing one. To stay robust it warms the read path up
 * first (so that Caffeine's buffers and frequency sketch exist and the JIT has compiled it), then
 * takes the smallest of several measured rounds, so that a one-off allocation (a deoptimisation,
 * a class loaded late) cannot fail it; and it checks its own meter against a loop that does
 * allocate. The bound, one byte per read, is a sixteenth of the smallest object.
 */
class GetSyncAllocationTest {

  private static final int READS_PER_ROUND = 200_000;
  private static final int ROUNDS = 5;
  private static final int KEYS = 64;

  private com.sun.management.ThreadMXBean threads;
  private long sink;
  private volatile Object escape;

  @BeforeEach
  void meter() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean,
        "this JVM does not count allocated bytes per thread");
    threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "caffeine://?maximumSize=1000",
        "caffeine://?maximumWeight=1MB&expireAfterAccess=10m&recordStats=true"
      })
  void getSyncAllocatesNothingOnHitsOrMisses(String uri) {
    ManualClock clock = new ManualClock();
    CaffeineBackend<String> tier = Tiers.open(uri, clock);
    String[] keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
      if (i % 2 == 0) { // half the reads hit, half miss
        tier.putSync(keys[i], entry("value-" + i, clock, ofHours(1), ofHours(1), "tag-" + i));
      }
    }

    for (int round = 0; round < ROUNDS; round++) {
      readAll(tier, keys); // warm-up
    }
    double fewest = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      long hits = readAll(tier, keys);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(hits).isEqualTo(READS_PER_ROUND / 2);
      fewest = Math.min(fewest, (double) allocated / READS_PER_ROUND);
    }

    assertThat(fewest).as("bytes allocated per getSync").isLessThan(1.0);
    assertThat(sink).isPositive();
  }

  @Test
  void meterSeesAnAllocationPerCall() {
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < READS_PER_ROUND; i++) {
      escape = new long[2]; // 32 bytes that escape, so they cannot be optimised away
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat((double) allocated / READS_PER_ROUND).isGreaterThanOrEqualTo(16.0);
    assertThat(escape).isNotNull();
  }

  private long readAll(CaffeineBackend<String> tier, String[] keys) {
    long hits = 0;
    for (int i = 0; i < READS_PER_ROUND; i++) {
      var entry = tier.getSync(keys[i & (KEYS - 1)]);
      if (entry != null) {
        hits++;
        sink += entry.expiresAt() & 1;
      }
    }
    sink += hits;
    return hits;
  }
}
