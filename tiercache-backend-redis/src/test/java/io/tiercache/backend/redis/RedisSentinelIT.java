package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCache;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisSentinel;
import io.tiercache.tck.redis.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tier on {@code redis-sentinel://} finds the master through the Sentinel, and keeps working,
 * coherence included, after the Sentinel fails over to the replica.
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisSentinelIT {

  @Test
  void theTierKeepsWorkingAfterTheSentinelFailsOverToTheReplica() {
    long start = System.nanoTime();
    try (RedisSentinel sentinel = RedisSentinel.start()) {
      double started = Await.millisSince(start);
      String uri = sentinel.uri() + "/0?masterId=" + RedisSentinel.MASTER_ID
          + "&keyPrefix=sentinel:&timeout=500ms";
      // A short breaker: the test measures how fast the tier follows the Sentinel, not how long
      // the core skips a tier that failed (5 s by default).
      try (TieredCache<String> a = Stacks.builder(uri).circuitBreaker(5, Duration.ofMillis(200))
              .build();
          TieredCache<String> b = Stacks.builder(uri).circuitBreaker(5, Duration.ofMillis(200))
              .build()) {
        RedisServer first = sentinel.currentMaster();
        a.put("before", "1");
        assertThat(first.call("EXISTS", "sentinel:e:before")).as("written to the master")
            .isEqualTo(1L);
        Await.until("the write replicated", Duration.ofSeconds(10),
            () -> Long.valueOf(1).equals(sentinel.replica().call("EXISTS", "sentinel:e:before")));
        assertThat(b.getIfPresent("before")).isEqualTo("1");

        long failover = System.nanoTime();
        RedisServer promoted = sentinel.failover();
        double failedOver = Await.millisSince(failover);
        assertThat(promoted).isNotSameAs(first);
        long following = System.nanoTime();

        // Writes land on the new master once the connections have followed the Sentinel.
        Await.until("a write reaching the new master", Duration.ofSeconds(30), () -> {
          try {
            a.put("after", "2");
            return Long.valueOf(1).equals(promoted.call("EXISTS", "sentinel:e:after"));
          } catch (CompletionException | IllegalStateException e) {
            return false;
          }
        });
        double followed = Await.millisSince(following);
        assertThat(a.getIfPresent("after")).isEqualTo("2");
        assertThat(b.getIfPresent("after")).as("read through B from the new master")
            .isEqualTo("2");
        assertThat(b.getIfPresent("before")).as("replicated data survived the failover")
            .isEqualTo("1");
        // The subscription followed too: A's write evicts B's copy.
        Await.until("B's bus connected again", Duration.ofSeconds(30),
            () -> Stacks.bus(b).isConnected());
        a.put("before", "3");
        Await.until("B dropping its old copy", Duration.ofSeconds(10),
            () -> "3".equals(b.getIfPresent("before")));
        assertThat(b.stats().coherenceClears()).as("B's L1 cleared when its link moved")
            .isPositive();
        System.out.printf(java.util.Locale.ROOT, "sentinel: set-up %.0f ms, failover %.0f ms,"
            + " tier writing to the new master %.0f ms after it%n", started, failedOver, followed);
      }
    }
  }
}
