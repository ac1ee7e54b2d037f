package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.Await;
import io.tiercache.testing.HookClock;
import io.tiercache.testing.MapTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoaderTest {

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> l1 = new MapTier<>("l1", clock);
  private final MapTier<String> l2 = new MapTier<>("l2", clock);

  private TieredCache<String> cache() {
    return TieredCache.builder(ValueCodec.utf8())
        .clock(clock)
        .negativeTtl(Duration.ofSeconds(30))
        .tier(l1, "promote=always")
        .tier(l2)
        .build();
  }

  @Test
  void thousandConcurrentMissesOfOneKeyRunTheLoaderOnce() throws Exception {
    int callers = 1000;
    try (TieredCache<String> cache = cache()) {
      AtomicInteger loaderCalls = new AtomicInteger();
      AtomicInteger arrived = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<String> results = new CopyOnWriteArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    start.await();
                    arrived.incrementAndGet();
                    results.add(
                        cache.get(
                            "k",
                            key -> {
                              loaderCalls.incrementAndGet();
                              // Hold the load until every caller is at least on its way in.
                              Await.until("all callers arrived", () -> arrived.get() == callers);
                              return "value";
                            }));
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      long began = System.nanoTime();
      start.countDown();
      for (Thread thread : threads) {
        thread.join(Await.DEADLINE.toMillis());
      }
      long millis = (System.nanoTime() - began) / 1_000_000;

      assertThat(failures).isEmpty();
      assertThat(results).hasSize(callers).containsOnly("value");
      assertThat(loaderCalls).hasValue(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
      assertThat(l2.raw("k").value()).isEqualTo("value");
      assertThat(l1.raw("k").value()).isEqualTo("value");
      System.out.printf(
          "single flight: %d concurrent misses, %d loader call(s), %d ms%n",
          callers, loaderCalls.get(), millis);
    }
  }

  @Test
  void aMissThatRacedWithAnotherCallersCompletedLoadDoesNotLoadAgain() {
    try (TieredCache<String> cache = cache()) {
      AtomicInteger calls = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
      // Caller A has just missed the lowest tier; before it registers its load, caller B misses,
      // loads and stores the value, all on another thread.
      l2.afterGet(
          key -> {
            if (armed.getAndSet(false)) {
              Await.done(
                  CompletableFuture.supplyAsync(
                      () -> cache.get("k", k -> "from-B-" + calls.incrementAndGet())));
            }
          });

      String a = cache.get("k", k -> "from-A-" + calls.incrementAndGet());

      assertThat(a).isEqualTo("from-B-1");
      assertThat(calls).hasValue(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void aMissWhoseRivalLoadedAndLeftBeforeItRegisteredDoesNotLoadAgain() {
    HookClock hooks = new HookClock();
    MapTier<String> upper = new MapTier<>("l1", hooks);
    MapTier<String> lower = new MapTier<>("l2", hooks);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(hooks)
            .tier(upper, "promote=always")
            .tier(lower)
            .build()) {
      AtomicInteger calls = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean armed =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      // Caller A has read every tier and found nothing; before A registers its load, caller B
      // misses, loads, stores and leaves.
      lower.afterGet(
          key -> {
            if (armed.getAndSet(false)) {
              Await.done(
                  CompletableFuture.supplyAsync(
                      () -> cache.get("k", k -> "from-B-" + calls.incrementAndGet())));
            }
          });

      String a = cache.get("k", k -> "from-A-" + calls.incrementAndGet());

      assertThat(a).isEqualTo("from-B-1");
      assertThat(calls).hasValue(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void asyncMissesOfOneKeyShareOneLoad() {
    try (TieredCache<String> cache = cache()) {
      AtomicInteger loaderCalls = new AtomicInteger();
      CompletableFuture<String> source = new CompletableFuture<>();
      List<CompletableFuture<String>> reads = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        reads.add(
            cache.getAsync(
                "k",
                key -> {
                  loaderCalls.incrementAndGet();
                  return source;
                }));
      }
      assertThat(reads).noneMatch(CompletableFuture::isDone);

      source.complete("value");

      for (CompletableFuture<String> read : reads) {
        assertThat(Await.done(read)).isEqualTo("value");
      }
      assertThat(loaderCalls).hasValue(1);
      assertThat(l2.raw("k").value()).isEqualTo("value");
      assertThat(cache.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void loadedValueIsWrittenDownTheStack() {
    try (TieredCache<String> cache = cache()) {
      assertThat(cache.get("k", key -> "value")).isEqualTo("value");

      assertThat(l1.raw("k").value()).isEqualTo("value");
      assertThat(l2.raw("k").value()).isEqualTo("value");
      assertThat(cache.get("k", key -> "other")).isEqualTo("value");
      assertThat(cache.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void loaderExceptionReachesOnlyTheCallersOfThatLoadAndCachesNothing() throws Exception {
    try (TieredCache<String> cache = cache()) {
      CountDownLatch entered = new CountDownLatch(1);
      CompletableFuture<Void> fail = new CompletableFuture<>();
      IllegalStateException boom = new IllegalStateException("database down");
      CompletableFuture<Throwable> firstCaller =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  cache.get(
                      "bad",
                      key -> {
                        entered.countDown();
                        fail.join();
                        throw boom;
                      });
                  return null;
                } catch (Throwable e) {
                  return e;
                }
              });
      assertThat(entered.await(Await.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
          .isTrue();
      AtomicInteger joinersLoader = new AtomicInteger();
      List<CompletableFuture<String>> joiners = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        joiners.add(
            cache.getAsync(
                "bad",
                key -> {
                  joinersLoader.incrementAndGet();
                  return CompletableFuture.completedFuture("unexpected");
                }));
      }
      assertThat(cache.get("good", key -> "fine")).isEqualTo("fine");

      fail.complete(null);

      assertThat(Await.done(firstCaller)).isSameAs(boom);
      for (CompletableFuture<String> joiner : joiners) {
        assertThat(Await.failure(joiner)).isSameAs(boom);
      }
      assertThat(joinersLoader).hasValue(0);
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
      assertThat(l1.raw("bad")).isNull();
      assertThat(l2.raw("bad")).isNull();
      assertThat(cache.get("bad", key -> "recovered")).isEqualTo("recovered");
      assertThat(cache.getIfPresent("good")).isEqualTo("fine");
    }
  }

  @Test
  void loaderThrowingAnErrorDoesNotWedgeTheKey() {
    try (TieredCache<String> cache = cache()) {
      assertThatThrownBy(
              () ->
                  cache.get(
                      "k",
                      key -> {
                        throw new AssertionError("loader bug");
                      }))
          .isInstanceOf(AssertionError.class)
          .hasMessage("loader bug");

      String next = Await.done(CompletableFuture.supplyAsync(() -> cache.get("k", key -> "ok")));

      assertThat(next).isEqualTo("ok");
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
    }
  }

  @Test
  void asyncLoaderFailureReachesItsCallersAndTheNextCallLoadsAgain() {
    try (TieredCache<String> cache = cache()) {
      CompletableFuture<String> source = new CompletableFuture<>();
      CompletableFuture<String> a = cache.getAsync("k", key -> source);
      CompletableFuture<String> b = cache.getAsync("k", key -> source);
      CompletableFuture<String> other =
          cache.getAsync("other", key -> CompletableFuture.completedFuture("fine"));
      RuntimeException boom = new RuntimeException("boom");

      source.completeExceptionally(boom);

      assertThat(Await.failure(a)).isSameAs(boom);
      assertThat(Await.failure(b)).isSameAs(boom);
      assertThat(Await.done(other)).isEqualTo("fine");
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
      assertThat(l2.raw("k")).isNull();
      assertThat(Await.done(cache.getAsync("k", key -> CompletableFuture.completedFuture("v2"))))
          .isEqualTo("v2");
      assertThat(Await.done(cache.getAsync("k", key -> {
        throw new IllegalStateException("thrown, not returned");
      }))).isEqualTo("v2");
      assertThat(Await.failure(cache.getAsync("fresh", key -> {
        throw new IllegalStateException("thrown, not returned");
      }))).hasMessage("thrown, not returned");
    }
  }

  @Test
  void valueLoadedWhileTheKeyIsInvalidatedIsReturnedButNotStored() {
    try (TieredCache<String> cache = cache()) {
      String value =
          cache.get(
              "k",
              key -> {
                cache.invalidate(key).join();
                return "loaded-before-invalidate";
              });

      assertThat(value).isEqualTo("loaded-before-invalidate");
      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(cache.stats().discardedLoads()).isEqualTo(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void valueLoadedWhileTheKeyIsWrittenDoesNotOverwriteTheNewerValue() {
    try (TieredCache<String> cache = cache()) {
      String value =
          cache.get(
              "k",
              key -> {
                cache.put(key, "newer");
                return "older";
              });

      assertThat(value).isEqualTo("older");
      assertThat(cache.getIfPresent("k")).isEqualTo("newer");
      assertThat(l2.raw("k").value()).isEqualTo("newer");
      assertThat(cache.stats().discardedLoads()).isEqualTo(1);
    }
  }

  @Test
  void absentIsRememberedForTheNegativeTtl() {
    try (TieredCache<String> cache = cache()) {
      AtomicInteger calls = new AtomicInteger();

      assertThat(cache.get("k", key -> { calls.incrementAndGet(); return null; })).isNull();
      assertThat(cache.get("k", key -> { calls.incrementAndGet(); return "v"; })).isNull();

      assertThat(calls).hasValue(1);
      assertThat(cache.stats().negativeHits()).isEqualTo(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(29));
      assertThat(cache.get("k", key -> { calls.incrementAndGet(); return "v"; })).isNull();
      assertThat(cache.stats().negativeHits()).isEqualTo(2);

      clock.advance(Duration.ofSeconds(1));
      assertThat(cache.get("k", key -> { calls.incrementAndGet(); return "v"; })).isEqualTo("v");
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void absentIsForgottenOnPut() {
    try (TieredCache<String> cache = cache()) {
      assertThat(cache.get("k", key -> null)).isNull();
      assertThat(cache.get("k", key -> "v")).isNull();

      cache.put("k", "written");

      assertThat(cache.get("k", key -> "loaded")).isEqualTo("written");
    }
  }

  @Test
  void absentIsForgottenOnInvalidate() {
    try (TieredCache<String> cache = cache()) {
      assertThat(cache.get("k", key -> null)).isNull();
      assertThat(cache.get("k", key -> "v")).isNull();

      cache.invalidate("k").join();

      assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
    }
  }

  @Test
  void absentIsRememberedForAsyncLoadsToo() {
    try (TieredCache<String> cache = cache()) {
      AtomicInteger calls = new AtomicInteger();
      assertThat(Await.done(cache.getAsync("k", key -> {
        calls.incrementAndGet();
        return CompletableFuture.completedFuture(null);
      }))).isNull();
      assertThat(Await.done(cache.getAsync("k", key -> {
        calls.incrementAndGet();
        return CompletableFuture.completedFuture("v");
      }))).isNull();
      assertThat(calls).hasValue(1);
      assertThat(cache.stats().negativeHits()).isEqualTo(1);
    }
  }

  @Test
  void loaderThatFindsNothingRemovesAStaleCopy() {
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .defaultTtl(Duration.ofMinutes(1))
            .defaultStaleFor(Duration.ofMinutes(5))
            .executor(Runnable::run)
            .tier(l1, "promote=always")
            .tier(l2)
            .build()) {
      cache.put("k", "old");
      clock.advance(Duration.ofMinutes(2));

      assertThat(cache.get("k", key -> null)).as("stale value served").isEqualTo("old");

      assertThat(l1.raw("k")).isNull();
      assertThat(l2.raw("k")).isNull();
      assertThat(cache.get("k", key -> "v")).isNull();
    }
  }

  @Test
  void bulkLoadLoadsOnlyTheMissingKeysInOneCall() {
    try (TieredCache<String> cache = cache()) {
      cache.put("a", "A");
      List<Set<String>> calls = new ArrayList<>();

      Map<String, String> values =
          cache.getAll(
              List.of("a", "b", "c"),
              keys -> {
                calls.add(keys);
                return Map.of("b", "B");
              });

      assertThat(values).containsExactly(Map.entry("a", "A"), Map.entry("b", "B"));
      assertThat(calls).containsExactly(Set.of("b", "c"));
      assertThat(l2.raw("b").value()).isEqualTo("B");
      assertThat(cache.stats().loads()).isEqualTo(1);

      Map<String, String> again =
          cache.getAll(
              List.of("a", "b", "c"),
              keys -> {
                calls.add(keys);
                return Map.of();
              });

      assertThat(again).containsOnlyKeys("a", "b");
      assertThat(calls).hasSize(1);
      assertThat(cache.stats().negativeHits()).isEqualTo(1);
    }
  }

  @Test
  void bulkLoadOfManyKeysStoresEveryLoadedValue() {
    try (TieredCache<String> cache = cache()) {
      Set<String> keys = new LinkedHashSet<>();
      for (int i = 0; i < 2000; i++) {
        keys.add("key-" + i);
      }
      AtomicInteger calls = new AtomicInteger();

      Map<String, String> first = cache.getAll(keys, missing -> valuesOf(missing, calls));
      Map<String, String> second = cache.getAll(keys, missing -> valuesOf(missing, calls));

      assertThat(first).hasSize(2000);
      assertThat(first.keySet()).containsExactlyElementsOf(keys);
      assertThat(second).isEqualTo(first);
      assertThat(calls).hasValue(1);
      assertThat(cache.stats().discardedLoads()).isZero();
    }
  }

  @Test
  void bulkLoaderFailureIsCountedAndCachesNothing() {
    try (TieredCache<String> cache = cache()) {
      assertThatThrownBy(
              () ->
                  cache.getAll(
                      List.of("a"),
                      keys -> {
                        throw new IllegalStateException("bulk down");
                      }))
          .hasMessage("bulk down");

      assertThat(cache.stats().loadFailures()).isEqualTo(1);
      assertThat(cache.getAll(List.of("a"), keys -> Map.of("a", "A"))).containsEntry("a", "A");
    }
  }

  private static Map<String, String> valuesOf(Set<String> keys, AtomicInteger calls) {
    calls.incrementAndGet();
    Map<String, String> values = new HashMap<>();
    for (String key : keys) {
      values.put(key, key.toUpperCase(java.util.Locale.ROOT));
    }
    return values;
  }
}
