package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tiercache.BackendRegistry;
import io.tiercache.BreakerState;
import io.tiercache.CacheStats;
import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierAccessException;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Redis server that dies (SIGKILL), comes back on the same port, or freezes (SIGSTOP): callers
 * with a loader never see an error, the tier recovers by itself, local tiers are cleared, and a
 * frozen server costs a read the tier's timeout, not Lettuce's default minute.
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisOutageIT {

  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private RedisServer server;

  @BeforeEach
  void startServer() {
    server = RedisServer.start();
    Assumptions.assumeTrue(server.controllable(),
        "needs a server the fixture can kill, freeze and restart, not an external one");
  }

  @AfterEach
  void stopServer() {
    Fixtures.closeAll(server);
  }

  private String tierUri() {
    return server.uri() + "/0?keyPrefix=outage:&timeout=" + TIMEOUT.toMillis() + "ms";
  }

  /**
   * Under a steady load of loads, puts and invalidations from three threads, the server is killed,
   * left down for two seconds and restarted on the same port.
   */
  @ParameterizedTest(name = "circuit breaker open for {0} ms")
  @ValueSource(ints = {500, 5_000})
  void killAndRestartUnderLoadCausesNoCallerErrorAndTheTierRecoversByItself(int breakerOpenMillis)
      throws Exception {
    AtomicLong loads = new AtomicLong();
    AtomicLong operations = new AtomicLong();
    AtomicReference<Throwable> callerError = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);
    try (TieredCache<String> cache = Stacks.builder(tierUri())
            .circuitBreaker(5, Duration.ofMillis(breakerOpenMillis))
            .build();
        RawRedis raw = RawRedis.of(server)) {
      ExecutorService load = Executors.newFixedThreadPool(3);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        workers.add(load.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (running.get()) {
            String key = "k" + random.nextInt(200);
            try {
              int dice = random.nextInt(10);
              if (dice < 7) {
                String value = cache.get(key, k -> {
                  loads.incrementAndGet();
                  return "loaded-" + k;
                });
                if (value == null || !value.endsWith(key)) {
                  throw new AssertionError("read " + value + " for " + key);
                }
              } else if (dice < 9) {
                cache.put(key, "put-" + key);
              } else {
                cache.invalidate(key).join();
              }
              operations.incrementAndGet();
            } catch (Throwable e) {
              callerError.compareAndSet(null, e);
            }
            LockSupport.parkNanos(200_000);
          }
          return null;
        }));
      }
      Await.until("a steady load", Duration.ofSeconds(10), () -> operations.get() > 2_000);
      CacheStats beforeKill = cache.stats();

      server.kill();
      long killed = System.nanoTime();
      long operationsAtKill = operations.get();
      long loadsAtKill = loads.get();
      Await.until("two seconds of outage", Duration.ofSeconds(5),
          () -> System.nanoTime() - killed > TimeUnit.SECONDS.toNanos(2));
      CacheStats down = cache.stats();
      long operationsWhileDown = operations.get() - operationsAtKill;
      long loadsWhileDown = loads.get() - loadsAtKill;

      server.restart();
      long restarted = System.nanoTime();
      // Recovered: a put through the stack reaches the restarted server, and the bus is back.
      String probe = "probe";
      Await.until("the tier serving again", Duration.ofSeconds(20), () -> {
        cache.put(probe, "p");
        return raw.exists("outage:e:" + probe) && Stacks.bus(cache).isConnected();
      });
      double recoveryMillis = Await.millisSince(restarted);
      long afterRecovery = operations.get();
      Await.until("load after recovery", Duration.ofSeconds(10),
          () -> operations.get() > afterRecovery + 1_000);
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(30, TimeUnit.SECONDS);
      }
      load.shutdown();
      CacheStats end = cache.stats();

      System.out.printf(Locale.ROOT,
          "outage (breaker open %d ms): %d operations while down (%d loads), caller error: %s,"
              + " recovered %.0f ms after restart; redis tier: dropped writes %d,"
              + " errors %d, timeouts %d, rejected by breaker %d; coherence clears %d%n",
          breakerOpenMillis, operationsWhileDown, loadsWhileDown, callerError.get(), recoveryMillis,
          end.tier(2).droppedWrites() - beforeKill.tier(2).droppedWrites(),
          end.tier(2).errors() - beforeKill.tier(2).errors(),
          end.tier(2).timeouts() - beforeKill.tier(2).timeouts(),
          end.tier(2).rejectedByBreaker() - beforeKill.tier(2).rejectedByBreaker(),
          end.coherenceClears());

      assertThat(callerError.get()).as("an error seen by a caller").isNull();
      assertThat(operationsWhileDown).as("operations served while Redis was down")
          .isGreaterThan(100);
      assertThat(loadsWhileDown).as("reads that fell through to the loader").isPositive();
      assertThat(down.tier(2).droppedWrites()).as("writes to Redis dropped and counted")
          .isGreaterThan(beforeKill.tier(2).droppedWrites());
      assertThat(end.coherenceClears()).as("L1 cleared on the loss and on the return")
          .isGreaterThanOrEqualTo(2);
      assertThat(end.tier(2).breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(end.tier(2).writes()).as("writes reach Redis again after recovery")
          .isGreaterThan(down.tier(2).writes());
      assertThat(recoveryMillis).as("recovery after restart, ms")
          .isLessThan(breakerOpenMillis + 5_000.0);
    }
  }

  @Test
  void aFrozenServerFailsReadsWithinTheTiersTimeoutNotLettucesDefault() {
    BackendRegistry registry = BackendRegistry.load();
    try (CacheBackend<String> tier = registry.open(tierUri(), ValueCodec.utf8());
        TieredCache<String> cache = TieredCache.builder(ValueCodec.utf8())
            .tiers("caffeine://?maximumSize=1000 | " + tierUri())
            .build()) {
      tier.put("k", CacheEntry.of("v", System.currentTimeMillis(), Duration.ofMinutes(5),
          Duration.ZERO, Set.of())).join();
      assertThat(tier.get("k").join()).isNotNull();
      server.freeze();
      try {
        // The bare tier: Lettuce's own command timeout, set to the tier's timeout.
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> tier.get("k").join());
        double elapsed = Await.millisSince(start);
        assertThat(failure).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(TierAccessException.class)
            .hasRootCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
        assertThat(failure.getCause().getCause()).isInstanceOf(TimeoutException.class);
        assertThat(elapsed).as("ms until the bare tier's read failed")
            .isBetween(TIMEOUT.toMillis() - 20.0, TIMEOUT.toMillis() + 400.0);

        // The stack: a read that misses L1 gives up on Redis after the timeout (then the breaker
        // opens and reads skip Redis at once).
        double slowestRead = 0;
        for (int i = 0; i < 8; i++) {
          long call = System.nanoTime();
          assertThat(cache.getIfPresent("absent-" + i)).isNull();
          slowestRead = Math.max(slowestRead, Await.millisSince(call));
        }
        assertThat(cache.stats().tier(2).timeouts()).as("timeouts counted").isPositive();
        assertThat(slowestRead).as("ms of the slowest read through the stack")
            .isLessThan(TIMEOUT.toMillis() + 300.0);
        // With a loader, the caller also waits for the loaded value's write-back (a dropped
        // write, and the invalidation message): bounded by a few timeouts, never a minute.
        double slowestLoad = 0;
        for (int i = 0; i < 4; i++) {
          long call = System.nanoTime();
          assertThat(cache.get("frozen-" + i, key -> "loaded")).isEqualTo("loaded");
          slowestLoad = Math.max(slowestLoad, Await.millisSince(call));
        }
        System.out.printf(Locale.ROOT, "frozen server: bare tier read failed after %.0f ms;"
            + " slowest stack read %.0f ms; slowest read with loader %.0f ms (timeout %d ms)%n",
            elapsed, slowestRead, slowestLoad, TIMEOUT.toMillis());
        assertThat(slowestLoad).as("ms of the slowest read with a loader")
            .isLessThan(3 * TIMEOUT.toMillis() + 400.0);
      } finally {
        server.thaw();
      }
      Await.until("the bare tier answering after thaw", Duration.ofSeconds(10),
          () -> {
            try {
              return tier.get("k").join() != null;
            } catch (CompletionException e) {
              return false;
            }
          });
    }
  }

  @Test
  void whileDisconnectedCommandsAreRejectedAtOnceNotQueued() {
    BackendRegistry registry = BackendRegistry.load();
    try (CacheBackend<String> tier = registry.open(tierUri(), ValueCodec.utf8())) {
      assertThat(tier.get("k").join()).isNull();
      server.kill();
      // Once Lettuce has seen the connection drop, each command fails at once.
      Await.until("a read failing", Duration.ofSeconds(5), () -> {
        try {
          tier.get("k").join();
          return false;
        } catch (CompletionException e) {
          return true;
        }
      });
      long start = System.nanoTime();
      Throwable failure = catchThrowable(() -> tier.get("k").join());
      double elapsed = Await.millisSince(start);
      assertThat(failure).hasCauseInstanceOf(TierAccessException.class)
          .hasMessageContaining("not connected");
      assertThat(elapsed).as("ms until a read failed while disconnected").isLessThan(50.0);
      server.restart();
      Await.until("the tier reconnecting by itself", Duration.ofSeconds(10), () -> {
        try {
          return tier.get("k").join() == null;
        } catch (CompletionException e) {
          return false;
        }
      });
    }
  }
}
