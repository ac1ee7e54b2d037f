package io.tiercache.bench.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.BackendRegistry;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each read is attributed to the tier that answered it, or to the loader. */
class TierAttributionTest {

  private DemoCommand.Stack stack;
  private ReadProbe probe;

  @BeforeEach
  void open() {
    BackendRegistry registry = BackendRegistry.load();
    stack =
        DemoCommand.Stack.open(
            registry,
            registry.check("caffeine://?maximumSize=100&promote=never | lru://?maximumSize=100"));
    probe = ReadProbe.attach();
  }

  @AfterEach
  void close() {
    ReadProbe.detach();
    stack.cache().close();
  }

  @Test
  void inProcessTiersStayLocalSoTheL1PathStaysSynchronous() {
    assertThat(stack.tiers()).allSatisfy(tier -> assertThat(tier).isInstanceOf(
        LocalCacheBackend.class));
    assertThat(stack.cache().stats().tier(1).name()).isEqualTo("L1-caffeine");
    assertThat(stack.cache().stats().tier(2).name()).isEqualTo("L2-lru");
  }

  @Test
  void aMissIsLoadedThenL1Answers() {
    probe.reset();
    stack.cache().get("k", key -> {
      probe.loaded();
      return "v";
    });
    assertThat(probe.wasLoaded()).isTrue();
    assertThat(probe.answeredBy()).isEqualTo(ReadProbe.NO_TIER);

    probe.reset();
    assertThat(stack.cache().get("k", key -> "reloaded")).isEqualTo("v");
    assertThat(probe.wasLoaded()).isFalse();
    assertThat(probe.answeredBy()).isZero();
  }

  @Test
  void anEntryOnlyInL2IsAttributedToL2() {
    LocalCacheBackend<String> l2 = (LocalCacheBackend<String>) stack.tiers().get(1);
    l2.putSync(
        "deep", CacheEntry.of("below", System.currentTimeMillis(), Duration.ofMinutes(5),
            Duration.ZERO, Set.of()));

    probe.reset();
    assertThat(stack.cache().get("deep", key -> "loaded")).isEqualTo("below");
    assertThat(probe.wasLoaded()).isFalse();
    assertThat(probe.answeredBy()).isEqualTo(1);
  }

  @Test
  void aTierReadOnAnotherThreadIsFoundByKey() {
    BackendRegistry registry = BackendRegistry.load();
    ExecutorService store = Executors.newSingleThreadExecutor();
    TierAttribution attribution = new TierAttribution(true);
    LocalCacheBackend<String> l3 =
        (LocalCacheBackend<String>) registry.open("lru://?maximumSize=100", ValueCodec.utf8());
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .tier(attribution.wrap(registry.open("caffeine://", ValueCodec.utf8()), 0),
                "promote=never")
            .tier(attribution.wrap(
                new RemoteTier(registry.open("lru://?maximumSize=100", ValueCodec.utf8()), store),
                1), "promote=never")
            .tier(attribution.wrap(l3, 2))
            .build()) {
      l3.putSync(
          "deep", CacheEntry.of("below", System.currentTimeMillis(), Duration.ofMinutes(5),
              Duration.ZERO, Set.of()));

      // L3 is read when the remote L2's miss completes, on the store's thread.
      probe.reset();
      attribution.begin("deep", probe);
      assertThat(cache.get("deep", key -> "loaded")).isEqualTo("below");
      attribution.end("deep", probe);

      assertThat(probe.wasLoaded()).isFalse();
      assertThat(probe.answeredBy()).isEqualTo(2);
    } finally {
      store.shutdownNow();
    }
  }

  /** A tier that answers on a thread of its own, as a remote store's client does. */
  private static final class RemoteTier implements CacheBackend<String> {
    private final CacheBackend<String> delegate;
    private final ExecutorService thread;

    RemoteTier(CacheBackend<String> delegate, ExecutorService thread) {
      this.delegate = delegate;
      this.thread = thread;
    }

    @Override
    public String name() {
      return "remote";
    }

    @Override
    public BackendCapabilities capabilities() {
      return delegate.capabilities();
    }

    @Override
    public CompletableFuture<@Nullable CacheEntry<String>> get(String key) {
      Thread caller = Thread.currentThread();
      return CompletableFuture.supplyAsync(
          () -> {
            // Answer only once the caller waits for the answer, so that what follows the read
            // (the next tier's read) runs on this thread, as with a real remote store.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (caller.getState() != Thread.State.WAITING
                && caller.getState() != Thread.State.TIMED_WAITING
                && System.nanoTime() - deadline < 0) {
              Thread.onSpinWait();
            }
            return delegate.get(key).join();
          },
          thread);
    }

    @Override
    public CompletableFuture<Void> put(String key, CacheEntry<String> entry) {
      return CompletableFuture.supplyAsync(() -> delegate.put(key, entry).join(), thread);
    }

    @Override
    public CompletableFuture<Boolean> invalidate(String key) {
      return CompletableFuture.supplyAsync(() -> delegate.invalidate(key).join(), thread);
    }

    @Override
    public CompletableFuture<Set<String>> invalidateByTag(String tag) {
      return CompletableFuture.supplyAsync(() -> delegate.invalidateByTag(tag).join(), thread);
    }

    @Override
    public CompletableFuture<Set<String>> keysByTag(String tag) {
      return CompletableFuture.supplyAsync(() -> delegate.keysByTag(tag).join(), thread);
    }

    @Override
    public CompletableFuture<Set<String>> tags() {
      return CompletableFuture.supplyAsync(() -> delegate.tags().join(), thread);
    }

    @Override
    public CompletableFuture<Void> clear() {
      return CompletableFuture.supplyAsync(() -> delegate.clear().join(), thread);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
