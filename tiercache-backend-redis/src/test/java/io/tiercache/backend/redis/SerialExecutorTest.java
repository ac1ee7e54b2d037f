package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.backend.redis.internal.SerialExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listener deliveries run one at a time, in order, and survive a throwing task. */
class SerialExecutorTest {

  @Test
  void runsTasksOneAtATimeInTheOrderSubmitted() {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor serial = new SerialExecutor(pool);
      List<Integer> order = new CopyOnWriteArrayList<>();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      for (int i = 0; i < 2_000; i++) {
        int n = i;
        serial.execute(() -> {
          if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          order.add(n);
          running.decrementAndGet();
        });
      }
      Await.until("every task run", Duration.ofSeconds(10), () -> order.size() == 2_000);
      assertThat(overlaps.get()).isZero();
      for (int i = 0; i < 2_000; i++) {
        assertThat(order.get(i)).isEqualTo(i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aThrowingTaskDoesNotStopTheOnesAfterIt() {
    ExecutorService pool = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task);
      thread.setUncaughtExceptionHandler((t, e) -> { });
      return thread;
    });
    try {
      SerialExecutor serial = new SerialExecutor(pool);
      List<String> done = new CopyOnWriteArrayList<>();
      serial.execute(() -> {
        throw new IllegalStateException("boom");
      });
      serial.execute(() -> done.add("after"));
      Await.until("the task after the throwing one", Duration.ofSeconds(10),
          () -> done.contains("after"));
      assertThat(serial.toString()).contains("0 queued");
    } finally {
      pool.shutdownNow();
    }
  }
}
