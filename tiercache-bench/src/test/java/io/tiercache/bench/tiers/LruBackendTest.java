package io.tiercache.bench.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.BackendRegistry;
import io.tiercache.codec.ValueCodec;
import io.tiercache.config.InvalidTierUriException;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruBackendTest {

  private final ManualClock clock = new ManualClock();
  private final List<String> evicted = new ArrayList<>();
  private final TierEvents events =
      new TierEvents() {
        @Override
        public void onEviction(String key) {
          evicted.add(key);
        }
      };

  private LocalCacheBackend<String> open(String uri) {
    BackendRegistry registry = BackendRegistry.load();
    CacheBackend<String> backend =
        registry.open(registry.checkTier(uri), ValueCodec.utf8(), clock, events);
    return (LocalCacheBackend<String>) backend;
  }

  private CacheEntry<String> entry(String value) {
    return CacheEntry.of(value, clock.millis(), Duration.ofHours(1), Duration.ZERO, Set.of());
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondItsSizeAndReportsIt() {
    try (LocalCacheBackend<String> lru = open("lru://?maximumSize=3")) {
      assertThat(lru.capabilities().maximumEntries()).isEqualTo(3);
      assertThat(lru.capabilities().admitsByFrequency()).isFalse();
      for (String key : List.of("a", "b", "c")) {
        lru.putSync(key, entry(key));
      }
      assertThat(lru.getSync("a")).isNotNull(); // a is now the most recent
      lru.putSync("d", entry("d"));
      assertThat(lru.getSync("b")).isNull();
      assertThat(evicted).containsExactly("b");
      lru.putSync("e", entry("e"));
      assertThat(evicted).containsExactly("b", "c");
      assertThat(lru.getSync("a")).isNotNull();
      assertThat(lru.getSync("d")).isNotNull();
      assertThat(lru.getSync("e")).isNotNull();
    }
  }

  @Test
  void unboundedKeepsEverything() {
    try (LocalCacheBackend<String> map = open("unbounded://")) {
      assertThat(map.capabilities().maximumEntries()).isEqualTo(-1);
      for (int i = 0; i < 10_000; i++) {
        map.putSync("k" + i, entry("v"));
      }
      assertThat(map.getSync("k0")).isNotNull();
      assertThat(evicted).isEmpty();
    }
  }

  @Test
  void conditionalPutsDecideAndWriteAtomicallyPerKey() throws Exception {
    try (LocalCacheBackend<String> lru = open("lru://?maximumSize=10")) {
      AtomicInteger generation = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Integer>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          writers.add(
              pool.submit(
                  () -> {
                    start.await();
                    int won = 0;
                    for (int i = 0; i < 1000; i++) {
                      int seen = generation.get();
                      // Only the writer that still sees the generation it read may write.
                      if (lru.putSyncIf("k", entry("v" + seen),
                          () -> generation.compareAndSet(seen, seen + 1))) {
                        won++;
                      }
                    }
                    return won;
                  }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> writer : writers) {
          total += writer.get();
        }
        assertThat(total).isEqualTo(generation.get());
        assertThat(lru.getSync("k").value()).isEqualTo("v" + (generation.get() - 1));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void uriWithAHostOrPathIsRejectedNamingTheForm() {
    assertThatThrownBy(() -> BackendRegistry.load().checkTier("lru://somewhere/x?maximumSize=3"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining("has host 'somewhere'")
        .hasMessageContaining("has path")
        .hasMessageContaining("'lru://?maximumSize=1000'");
    assertThatThrownBy(() -> BackendRegistry.load().checkTier("lru://?maximumSize=0"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining("maximumSize");
    assertThatThrownBy(() -> BackendRegistry.load().checkTier("unbounded://?maximumSize=3"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining("maximumSize");
  }
}
