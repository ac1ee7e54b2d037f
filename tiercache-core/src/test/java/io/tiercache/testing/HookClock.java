package io.tiercache.testing;

import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierClock;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ManualClock} that can run code once, at the next reading of {@link #millis()}: a way
 * to act at an exact point of the cache's code path.
 */
public final class HookClock implements TierClock {

  private final ManualClock clock = new ManualClock();
  private final AtomicReference<@Nullable Runnable> next = new AtomicReference<>();

  /** Runs {@code hook} once, on the thread that next reads {@link #millis()}. */
  public void onNextMillis(Runnable hook) {
    next.set(hook);
  }

  public ManualClock manual() {
    return clock;
  }

  @Override
  public long millis() {
    Runnable hook = next.getAndSet(null);
    if (hook != null) {
      hook.run();
    }
    return clock.millis();
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }
}
