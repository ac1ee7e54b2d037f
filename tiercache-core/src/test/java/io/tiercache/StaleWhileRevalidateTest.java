package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.Await;
import io.tiercache.testing.ManualExecutor;
import io.tiercache.testing.MapTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StaleWhileRevalidateTest {

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> l1 = new MapTier<>("l1", clock);
  private final MapTier<String> l2 = new MapTier<>("l2", clock);
  private final ManualExecutor executor = new ManualExecutor();

  private TieredCache<String> cache() {
    return TieredCache.builder(ValueCodec.utf8())
        .clock(clock)
        .defaultTtl(Duration.ofMinutes(1))
        .defaultStaleFor(Duration.ofMinutes(5))
        .executor(executor)
        .tier(l1, "promote=always")
        .tier(l2)
        .build();
  }

  @Test
  void manyConcurrentStaleReadsReturnAtOnceAndStartExactlyOneRefresh() throws Exception {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old");
      clock.advance(Duration.ofMinutes(2));
      AtomicInteger loaderCalls = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<String> results = new CopyOnWriteArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread reader =
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                      results.add(cache.get("k", key -> "new-" + loaderCalls.incrementAndGet()));
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        reader.start();
        readers.add(reader);
      }
      start.countDown();
      for (Thread reader : readers) {
        reader.join(Await.DEADLINE.toMillis());
      }

      assertThat(results).hasSize(800).containsOnly("old");
      assertThat(executor.submitted()).isEqualTo(1);
      assertThat(loaderCalls).hasValue(0);
      assertThat(cache.stats().refreshes()).isEqualTo(1);

      assertThat(executor.runPending()).isEqualTo(1);

      assertThat(loaderCalls).hasValue(1);
      CacheEntry<String> refreshed = l2.raw("k");
      assertThat(refreshed.value()).isEqualTo("new-1");
      assertThat(refreshed.expiresAt()).isEqualTo(clock.millis() + 60_000);
      assertThat(l1.raw("k")).isEqualTo(refreshed);
      assertThat(cache.get("k", key -> "unused")).isEqualTo("new-1");
      assertThat(executor.submitted()).isEqualTo(1);
      assertThat(cache.stats().refreshFailures()).isZero();
    }
  }

  @Test
  void failedRefreshKeepsTheStaleValueUntilItsStaleWindowEnds() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old");
      clock.advance(Duration.ofMinutes(2));
      AtomicInteger loaderCalls = new AtomicInteger();

      assertThat(cache.get("k", key -> {
        loaderCalls.incrementAndGet();
        throw new IllegalStateException("source down");
      })).isEqualTo("old");
      executor.runPending();

      assertThat(loaderCalls).hasValue(1);
      assertThat(cache.stats().refreshFailures()).isEqualTo(1);
      assertThat(l2.raw("k").value()).isEqualTo("old");
      assertThat(cache.getIfPresent("k")).isEqualTo("old");

      clock.advance(Duration.ofMinutes(3));
      assertThat(cache.get("k", key -> {
        loaderCalls.incrementAndGet();
        throw new IllegalStateException("still down");
      })).as("a failed refresh may be tried again").isEqualTo("old");
      executor.runPending();
      assertThat(cache.stats().refreshes()).isEqualTo(2);
      assertThat(cache.stats().refreshFailures()).isEqualTo(2);

      clock.advance(Duration.ofMinutes(1));
      assertThat(cache.getIfPresent("k")).as("past staleUntil it is gone").isNull();
      assertThat(cache.get("k", key -> "reloaded")).isEqualTo("reloaded");
      assertThat(executor.pending()).isZero();
      assertThat(cache.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void staleHitOfAnAsyncReadStartsOneRefresh() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old");
      clock.advance(Duration.ofMinutes(2));
      CompletableFuture<String> source = new CompletableFuture<>();
      AtomicInteger loaderCalls = new AtomicInteger();

      for (int i = 0; i < 10; i++) {
        assertThat(Await.done(cache.getAsync("k", key -> {
          loaderCalls.incrementAndGet();
          return source;
        }))).isEqualTo("old");
      }
      assertThat(loaderCalls).hasValue(1);
      source.complete("new");

      assertThat(cache.getIfPresent("k")).isEqualTo("new");
      assertThat(cache.stats().refreshes()).isEqualTo(1);
    }
  }

  @Test
  void refreshOfAKeyInvalidatedMeanwhileIsDiscarded() {
    try (TieredCache<String> cache = cache()) {
      cache.put("k", "old");
      clock.advance(Duration.ofMinutes(2));
      assertThat(cache.get("k", key -> "refreshed")).isEqualTo("old");

      cache.invalidate("k").join();
      executor.runPending();

      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.stats().discardedLoads()).isEqualTo(1);
    }
  }
}
