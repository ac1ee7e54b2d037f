package io.tiercache.backend.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.BackendRegistry;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stack whose Hazelcast client loses every member keeps answering from its loader, with no
 * error for its callers, and comes back when members return: the bus reports the loss and the
 * return (the stack clears its L1 both times), the map is configured again on the new cluster,
 * writes reach it, and coherence with another JVM works again.
 */
class ClientOutageIT {

  @Test
  void aClientThatLosesItsMembersFallsBackToTheLoaderAndRecoversWhenTheyReturn() {
    try (HazelcastCluster cluster = HazelcastCluster.twoMembers()) {
      LocalCacheBackend<String> l1 = caffeine();
      TieredCache<String> stack =
          TieredCache.builder(ValueCodec.utf8())
              .tier(l1, "promote=always")
              .tiers(cluster.clientUri("outage") + "&timeout=300ms")
              .circuitBreaker(3, Duration.ofMillis(200))
              .build();
      try (stack) {
        InvalidationBus bus = stack.invalidationBus().orElseThrow();
        RecordingListener events = new RecordingListener();
        bus.subscribe(events);
        for (int i = 0; i < 10; i++) {
          assertThat(stack.get("k" + i, key -> "loaded-" + key)).isEqualTo("loaded-k" + i);
        }
        assertThat(l1.getSync("k4")).isNotNull();

        long down = System.nanoTime();
        cluster.terminateAllMembers();

        Tiers.eventually("the bus to report the loss", () -> events.losses() == 1);
        long lossReported = System.nanoTime();
        assertThat(bus.isConnected()).isFalse();
        Tiers.eventually("the stack to clear its L1", () -> l1.getSync("k4") == null);

        AtomicInteger loads = new AtomicInteger();
        long slowest = 0;
        for (int i = 0; i < 30; i++) {
          long start = System.nanoTime();
          String value =
              stack.get(
                  "k" + i % 10,
                  key -> {
                    loads.incrementAndGet();
                    return "outage-" + key;
                  });
          long took = System.nanoTime() - start;
          slowest = Math.max(slowest, took);
          assertThat(value).isEqualTo("outage-k" + i % 10);
          assertThat(Duration.ofNanos(took))
              .as("a read during the outage waits at most the tier's timeout")
              .isLessThan(Duration.ofSeconds(2));
        }
        assertThat(loads).as("each key loaded once, then served by L1").hasValue(10);
        stack.put("written-during-outage", "kept in L1");
        assertThat(stack.getIfPresent("written-during-outage")).isEqualTo("kept in L1");
        assertThat(stack.invalidate("k3").join()).isTrue();
        assertThat(stack.getIfPresent("k3")).isNull();
        assertThat(stack.stats().tier(2).errors()).isPositive();

        long restart = System.nanoTime();
        cluster.startMember(0);
        cluster.startMember(1);
        cluster.awaitClusterSize(2);

        Tiers.eventually(
            "the bus to report the return", () -> events.returns() == 1 && bus.isConnected());
        long returned = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "Hazelcast client outage: loss reported %.0f ms after the members were terminated;"
                + " slowest of 30 reads during the outage %.1f ms (%d loads, no caller error);"
                + " return reported %.0f ms after the restart began%n",
            (lossReported - down) / 1e6,
            slowest / 1e6,
            loads.get(),
            (returned - restart) / 1e6);
        Tiers.eventually(
            "the stack to clear its L1 again", () -> l1.getSync("written-during-outage") == null);
        Tiers.eventually(
            "writes to reach the new cluster",
            () -> {
              stack.put("after", "back");
              return cluster.member(0).getMap("outage").containsKey("after");
            });
        Tiers.eventually(
            "the tag index to exist on the new cluster",
            () -> cluster.member(0).getMap("outage").getLocalMapStats().getIndexStats()
                .containsKey(HazelcastSettings.TAG_INDEX));

        try (TieredCache<String> other =
            TieredCache.builder(ValueCodec.utf8())
                .tier(caffeine(), "promote=always")
                .tiers(cluster.clientUri("outage") + "&instance=other")
                .build()) {
          assertThat(stack.get("shared", key -> "v1")).isEqualTo("v1");
          assertThat(l1.getSync("shared")).isNotNull();
          other.invalidate("shared").join();
          Tiers.eventually(
              "the other JVM's invalidation to evict L1", () -> l1.getSync("shared") == null);
        }
      }
    }
  }

  static LocalCacheBackend<String> caffeine() {
    return (LocalCacheBackend<String>)
        BackendRegistry.load().open("caffeine://?maximumSize=10000", ValueCodec.utf8());
  }
}
