package io.tiercache.backend.hazelcast;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationListener;
import io.tiercache.spi.TierAccessException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InvalidationBus} on a Hazelcast {@link Ringbuffer}: a reliable topic whose reading
 * this class does itself, so that it can tell every way messages may be missed.
 *
 * <h2>Publishing</h2>
 *
 * A message is added to the ring buffer (bytes of {@link InvalidationMessages}); the future
 * completes when the partition owner and its synchronous backups hold it, so an acknowledged
 * invalidation survives the loss of a member (given a backup).
 *
 * <h2>Reading</h2>
 *
 * One loop per bus reads from the sequence after the last message seen, parking on the owner
 * until a message arrives, and hands messages to the listeners in order on its own thread. Messages
 * from this process come back too; the stack ignores its own by origin. The loop keeps reading
 * across failures, retrying after 50 ms to 1 s while the cluster cannot be reached.
 *
 * <h2>Loss</h2>
 *
 * Listeners are told {@link InvalidationListener#onConnectionLost()} and, once messages flow
 * again, {@link InvalidationListener#onReconnected()} when:
 *
 * <ul>
 *   <li>a client loses its last connection to the cluster, and when it connects again;
 *   <li>an embedded member leaves the cluster (a split: Hazelcast's {@code MERGING}), and when it
 *       has merged back; or the member shuts down (lost, with no return);
 *   <li>the reader fell behind and the ring buffer overwrote messages it had not read (its
 *       capacity, 10,000 by default, is the horizon): both at once;
 *   <li>the ring buffer itself was lost or restarted, as when every member holding it left or the
 *       whole cluster restarted: found by comparing its tail with the reader's sequence after a
 *       reconnection or a member's departure; both at once.
 * </ul>
 *
 * <p>Safe for concurrent use.
 */
final class RingbufferInvalidationBus implements InvalidationBus {

  private static final System.Logger LOG =
      System.getLogger(RingbufferInvalidationBus.class.getName());
  private static final int MAX_BATCH = 100;
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 1000;
  private static final String UNDECODABLE_ORIGIN = "tiercache-hazelcast:undecodable-message";

  private final String tierName;
  private final HazelcastInstance instance;
  private final SharedInstances.ConnectionState state;
  private final Ringbuffer<byte[]> ring;
  private final Executor completions;
  private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Runs the read loop, deliveries and every change of the reader's state, in order. */
  private final ScheduledThreadPoolExecutor reader;
  private final UUID lifecycleRegistration;
  private final @Nullable UUID membershipRegistration;

  private final Object startLock = new Object();
  private boolean started; // guarded by startLock

  // Confined to the reader thread.
  private long next;
  /** Whether {@link #next} was set from the ring buffer's tail. */
  private boolean positioned;
  private long epoch;
  private long backoffMillis = FIRST_BACKOFF_MILLIS;
  private int batch = MAX_BATCH;

  /** Whether listeners were told of a loss and not yet of a return. */
  private volatile boolean lost;

  RingbufferInvalidationBus(
      String tierName,
      HazelcastInstance instance,
      SharedInstances.ConnectionState state,
      String ringName,
      Executor completions) {
    this.tierName = tierName;
    this.instance = instance;
    this.state = state;
    this.ring = instance.getRingbuffer(ringName);
    this.completions = completions;
    this.reader = new ScheduledThreadPoolExecutor(1, HazelcastBackend.daemonThreads(
        "tiercache-hazelcast-bus-" + tierName));
    this.reader.setRemoveOnCancelPolicy(true);
    this.lifecycleRegistration =
        instance.getLifecycleService().addLifecycleListener(new ConnectionWatch());
    UUID membership;
    try {
      membership = instance.getCluster().addMembershipListener(new MemberWatch());
    } catch (RuntimeException e) {
      // A client offline now cannot register; ring buffer losses are then found on reconnection.
      membership = null;
    }
    this.membershipRegistration = membership;
  }

  @Override
  public CompletableFuture<Void> publish(Invalidation message) {
    Objects.requireNonNull(message, "message must not be null");
    checkOpen();
    byte[] bytes = InvalidationMessages.encode(message);
    CompletableFuture<Void> result = new CompletableFuture<>();
    CompletionStage<Long> added;
    try {
      added = ring.addAsync(bytes, OverflowPolicy.OVERWRITE);
    } catch (RuntimeException e) {
      result.completeExceptionally(failure("publishing an invalidation", e));
      return result;
    }
    added.whenCompleteAsync(
        (sequence, error) -> {
          if (error != null) {
            result.completeExceptionally(failure("publishing an invalidation", error));
          } else {
            result.complete(null);
          }
        },
        completions);
    return result;
  }

  /**
   * Subscribes a listener; the first subscription starts the read loop at the ring buffer's
   * current tail, so every message published after this returns is delivered.
   */
  @Override
  public AutoCloseable subscribe(InvalidationListener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    checkOpen();
    listeners.add(listener);
    start();
    return () -> listeners.remove(listener);
  }

  @Override
  public boolean isConnected() {
    return !closed.get() && !lost && state.isConnected()
        && instance.getLifecycleService().isRunning();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      instance.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
      if (membershipRegistration != null) {
        instance.getCluster().removeMembershipListener(membershipRegistration);
      }
    } catch (RuntimeException e) {
      // The instance is gone; so are its listeners.
    }
    reader.shutdownNow();
    listeners.clear();
  }

  @Override
  public String toString() {
    return "RingbufferInvalidationBus[" + tierName + " " + ring.getName() + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // The read loop (on the reader thread)

  private void start() {
    synchronized (startLock) {
      if (started) {
        return;
      }
      started = true;
    }
    long tail;
    try {
      tail = ring.tailSequence();
      batch = (int) Math.max(1, Math.min(MAX_BATCH, ring.capacity()));
    } catch (RuntimeException e) {
      // Not reachable now: messages may be missed until it is, and a reconnection resyncs.
      LOG.log(Level.DEBUG, () -> this + ": ring buffer not reachable at subscription", e);
      run(() -> {
        signalLost();
        scheduleResync();
      });
      return;
    }
    run(() -> {
      if (!positioned) {
        next = tail + 1;
        positioned = true;
        epoch++;
        read();
      }
    });
  }

  private void read() {
    if (closed.get()) {
      return;
    }
    long sequence = next;
    long current = epoch;
    CompletionStage<ReadResultSet<byte[]>> reading;
    try {
      reading = ring.readManyAsync(sequence, 1, batch, null);
    } catch (RuntimeException e) {
      onFailure(current, e);
      return;
    }
    reading.whenCompleteAsync(
        (result, error) -> {
          if (error != null) {
            onFailure(current, error);
          } else {
            onRead(current, sequence, result);
          }
        },
        safely(reader));
  }

  private void onRead(long readEpoch, long sequence, ReadResultSet<byte[]> result) {
    if (closed.get() || readEpoch != epoch) {
      return;
    }
    backoffMillis = FIRST_BACKOFF_MILLIS;
    long skipped = result.getNextSequenceToReadFrom() - result.readCount() - sequence;
    if (skipped > 0) {
      LOG.log(Level.WARNING, () -> this + ": fell behind, " + skipped + " invalidations were"
          + " overwritten before they were read; local tiers are cleared");
      signalGap();
    }
    for (int i = 0; i < result.size(); i++) {
      deliver(result.get(i));
    }
    next = result.getNextSequenceToReadFrom();
    read();
  }

  private void onFailure(long readEpoch, Throwable error) {
    if (closed.get() || readEpoch != epoch) {
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof HazelcastInstanceNotActiveException
        || cause instanceof HazelcastClientNotActiveException) {
      // The client or member was shut down: nothing will come any more.
      signalLost();
      return;
    }
    if (cause instanceof StaleSequenceException) {
      // Older members and clients report overwritten messages this way rather than by skipping.
      signalGap();
      try {
        next = ring.headSequence();
      } catch (RuntimeException e) {
        scheduleResync();
        return;
      }
      read();
      return;
    }
    LOG.log(Level.DEBUG, () -> this + ": reading failed, retrying in " + backoffMillis + " ms",
        cause);
    long delay = backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    schedule(() -> {
      if (readEpoch == epoch) {
        read();
      }
    }, delay);
  }

  /**
   * After a reconnection or a member's departure: if the ring buffer's tail is behind the
   * reader, the ring buffer was lost (or the cluster restarted) and messages with it; restarts
   * the read loop either way, so that a read parked on a member that is gone is not waited for.
   */
  private void resync(boolean afterDisconnection) {
    if (closed.get()) {
      return;
    }
    if (!started()) {
      // Nobody listens yet: the first subscription reads the tail itself.
      if (afterDisconnection) {
        signalReconnected();
      }
      return;
    }
    long tail;
    try {
      tail = ring.tailSequence();
      batch = (int) Math.max(1, Math.min(MAX_BATCH, ring.capacity()));
    } catch (RuntimeException e) {
      scheduleResync();
      return;
    }
    boolean reset = positioned && tail + 1 < next;
    if (reset) {
      long expected = next - 1;
      LOG.log(Level.WARNING, () -> this + ": the ring buffer restarted (tail " + tail
          + ", expected at least " + expected + "); local tiers are cleared");
    }
    if (reset || !positioned) {
      next = tail + 1;
      positioned = true;
    }
    epoch++;
    backoffMillis = FIRST_BACKOFF_MILLIS;
    if (afterDisconnection) {
      signalReconnected();
    } else if (reset) {
      signalGap();
    }
    read();
  }

  private void scheduleResync() {
    long delay = backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    schedule(() -> {
      if (state.isConnected()) {
        resync(true);
      } else {
        scheduleResync();
      }
    }, delay);
  }

  private boolean started() {
    synchronized (startLock) {
      return started;
    }
  }

  private void deliver(byte[] bytes) {
    Invalidation message;
    try {
      message = InvalidationMessages.decode(bytes);
    } catch (IllegalArgumentException e) {
      // Something else writes to the ring buffer: evicting everything is the safe reading.
      LOG.log(Level.WARNING, () -> this + ": an undecodable message (" + e.getMessage()
          + ") is read as a clear of the local tiers");
      message = new Invalidation(UNDECODABLE_ORIGIN, Invalidation.Kind.CLEAR, List.of());
    }
    for (InvalidationListener listener : listeners) {
      try {
        listener.onInvalidation(message);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> this + ": a listener failed on " + bytes.length
            + " bytes of invalidation", e);
      }
    }
  }

  private void signalLost() {
    if (lost) {
      return;
    }
    lost = true;
    for (InvalidationListener listener : listeners) {
      try {
        listener.onConnectionLost();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> this + ": a listener failed on a lost connection", e);
      }
    }
  }

  private void signalReconnected() {
    if (!lost) {
      return;
    }
    lost = false;
    for (InvalidationListener listener : listeners) {
      try {
        listener.onReconnected();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> this + ": a listener failed on a reconnection", e);
      }
    }
  }

  /** Messages were missed while connected: a loss and an immediate return. */
  private void signalGap() {
    if (lost) {
      return;
    }
    signalLost();
    signalReconnected();
  }

  private void run(Runnable task) {
    safely(reader).execute(task);
  }

  private void schedule(Runnable task, long delayMillis) {
    if (closed.get()) {
      return;
    }
    try {
      reader.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  /** An executor that drops tasks once the bus is closed, instead of throwing. */
  private static Executor safely(ScheduledThreadPoolExecutor executor) {
    return task -> {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        // The bus is closed: nothing is read or delivered any more.
      }
    };
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the invalidation bus of tier '" + tierName + "' is closed");
    }
  }

  private TierAccessException failure(String operation, Throwable error) {
    Throwable cause = unwrap(error);
    return new TierAccessException(
        tierName, operation + " failed: " + HazelcastBackend.describe(cause), cause);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Turns the instance's life cycle into losses and returns of the connection. */
  private final class ConnectionWatch implements LifecycleListener {
    @Override
    public void stateChanged(LifecycleEvent event) {
      switch (event.getState()) {
        case CLIENT_DISCONNECTED:
        case MERGING:
        case SHUTTING_DOWN:
          run(RingbufferInvalidationBus.this::signalLost);
          break;
        case CLIENT_CONNECTED:
        case MERGED:
        case MERGE_FAILED:
          run(() -> resync(true));
          break;
        default:
          break;
      }
    }
  }

  /** Checks the ring buffer after a member left: all its copies may have left with it. */
  private final class MemberWatch implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {}

    @Override
    public void memberRemoved(MembershipEvent event) {
      run(() -> {
        if (started() && !lost) {
          resync(false);
        }
      });
    }
  }
}
