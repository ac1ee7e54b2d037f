package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationListener;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierAccessException;
import io.tiercache.testing.MapTier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two caches, each with its own L1, sharing one lower tier and one bus. */
class CoherenceTest {

  private final ManualClock clock = new ManualClock();
  private final MapTier<String> shared =
      new MapTier<>("shared", clock, BackendCapabilities.remote().build());
  private final MapTier<String> localA = new MapTier<>("a-l1", clock);
  private final MapTier<String> localB = new MapTier<>("b-l1", clock);
  private final LocalInvalidationBus bus = new LocalInvalidationBus();
  private final TieredCache<String> a = cache(localA);
  private final TieredCache<String> b = cache(localB);

  private TieredCache<String> cache(MapTier<String> local) {
    return TieredCache.builder(ValueCodec.utf8())
        .clock(clock)
        .invalidationBus(bus)
        .tier(local, "promote=always")
        .tier(shared)
        .build();
  }

  @AfterEach
  void close() {
    b.close();
    a.close();
  }

  @Test
  void putOnOneEvictsTheOthersLocalCopy() {
    a.put("k", "v1");
    assertThat(b.getIfPresent("k")).isEqualTo("v1");
    assertThat(localB.raw("k")).isNotNull();

    a.put("k", "v2");

    assertThat(localB.raw("k")).isNull();
    assertThat(b.getIfPresent("k")).isEqualTo("v2");
    assertThat(b.stats().coherenceEvictions()).isEqualTo(1);
    assertThat(localA.raw("k").value()).as("its own message is ignored").isEqualTo("v2");
    assertThat(a.stats().coherenceEvictions()).isZero();
  }

  @Test
  void invalidateOnOneEvictsTheOthersLocalCopy() {
    a.put("k", "v1");
    assertThat(b.getIfPresent("k")).isEqualTo("v1");

    a.invalidate("k").join();

    assertThat(localB.raw("k")).isNull();
    assertThat(b.getIfPresent("k")).isNull();
    assertThat(b.stats().coherenceEvictions()).isEqualTo(1);
  }

  @Test
  void tagInvalidationOnOneEvictsTheOthersLocalCopies() {
    a.put("k1", "v", Duration.ofMinutes(5), Set.of("t"));
    a.put("k2", "v", Duration.ofMinutes(5), Set.of("t"));
    a.put("k3", "v", Duration.ofMinutes(5), Set.of("u"));
    for (String key : List.of("k1", "k2", "k3")) {
      assertThat(b.getIfPresent(key)).isEqualTo("v");
    }

    assertThat(a.invalidateByTag("t").join()).containsExactlyInAnyOrder("k1", "k2");

    assertThat(localB.raw("k1")).isNull();
    assertThat(localB.raw("k2")).isNull();
    assertThat(localB.raw("k3")).isNotNull();
    assertThat(b.getIfPresent("k1")).isNull();
    assertThat(b.stats().coherenceEvictions()).isEqualTo(2);
  }

  @Test
  void clearOnOneClearsTheOthersLocalTier() {
    a.put("k", "v");
    assertThat(b.getIfPresent("k")).isEqualTo("v");

    a.clear().join();

    assertThat(localB.size()).isZero();
    assertThat(b.getIfPresent("k")).isNull();
    assertThat(b.stats().coherenceClears()).isEqualTo(1);
    assertThat(a.stats().coherenceClears()).isZero();
  }

  @Test
  void ownMessagesAreIgnoredByOrigin() {
    a.put("k", "v");
    assertThat(b.getIfPresent("k")).isEqualTo("v");

    bus.publish(new Invalidation(a.origin(), Invalidation.Kind.KEYS, List.of("k"))).join();

    assertThat(localA.raw("k")).isNotNull();
    assertThat(localB.raw("k")).isNull();
    assertThat(a.origin()).isNotEqualTo(b.origin());
    assertThat(a.invalidationBus()).containsSame(bus);
  }

  @Test
  void losingAndRegainingTheBusClearsTheLocalTiers() {
    a.put("k", "v1");
    assertThat(b.getIfPresent("k")).isEqualTo("v1");

    bus.disconnect();

    assertThat(localA.size()).isZero();
    assertThat(localB.size()).isZero();
    assertThat(shared.raw("k")).isNotNull();
    assertThat(a.stats().coherenceClears()).isEqualTo(1);
    assertThat(b.stats().coherenceClears()).isEqualTo(1);

    assertThat(b.getIfPresent("k")).isEqualTo("v1");
    a.put("k", "v2"); // the message is lost: B's copy is stale until the bus returns
    assertThat(localB.raw("k").value()).isEqualTo("v1");

    bus.reconnect();

    assertThat(localB.size()).isZero();
    assertThat(b.getIfPresent("k")).isEqualTo("v2");
    assertThat(b.stats().coherenceClears()).isEqualTo(2);
    assertThat(a.stats().coherenceClears()).isEqualTo(2);
  }

  @Test
  void failedPublishIsCountedAndTheWriteStillSucceeds() {
    FailingBus failing = new FailingBus();
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .invalidationBus(failing)
            .tier(new MapTier<>("l1", clock), "promote=always")
            .tier(new MapTier<>("l2", clock, BackendCapabilities.remote().build()))
            .build()) {
      cache.put("k", "v");
      cache.invalidate("k").join();
      cache.put("k", "v", Duration.ofMinutes(1), Set.of("t"));
      cache.invalidateByTag("t").join();

      assertThat(cache.stats().publishFailures()).isEqualTo(4);
      assertThat(failing.subscribed).isTrue();
    }
  }

  /** A bus whose publishing always fails. */
  private static final class FailingBus implements InvalidationBus {
    boolean subscribed;

    @Override
    public CompletableFuture<Void> publish(Invalidation message) {
      return CompletableFuture.failedFuture(new TierAccessException("bus", "publish failed"));
    }

    @Override
    public AutoCloseable subscribe(InvalidationListener listener) {
      subscribed = true;
      return () -> subscribed = false;
    }

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public void close() {}
  }
}
