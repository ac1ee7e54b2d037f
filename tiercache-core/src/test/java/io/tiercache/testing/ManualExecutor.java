package io.tiercache.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** An executor that queues tasks until the test runs them. */
public final class ManualExecutor implements Executor {

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger submitted = new AtomicInteger();

  @Override
  public void execute(Runnable task) {
    submitted.incrementAndGet();
    queue.add(task);
  }

  /** Returns the number of tasks ever submitted. */
  public int submitted() {
    return submitted.get();
  }

  /** Returns the number of tasks waiting. */
  public int pending() {
    return queue.size();
  }

  /** Runs the tasks queued now (not those they queue), on this thread; returns how many. */
  public int runPending() {
    List<Runnable> tasks = new ArrayList<>();
    Runnable task;
    while ((task = queue.poll()) != null) {
      tasks.add(task);
    }
    tasks.forEach(Runnable::run);
    return tasks.size();
  }
}
