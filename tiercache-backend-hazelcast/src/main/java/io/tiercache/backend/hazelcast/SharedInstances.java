package io.tiercache.backend.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.tiercache.spi.TierAccessException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Hazelcast clients and members this JVM's tiers use, shared by reference count: tiers whose
 * settings name the same instance ({@link HazelcastSettings#instanceKey()}) share one client or
 * member, started by the first and shut down when the last is closed. Safe for concurrent use;
 * starting and stopping are serialized, so that a member stopping frees its port before another
 * takes it.
 */
final class SharedInstances {

  private static final Map<String, Shared> SHARED = new HashMap<>();
  private static final AtomicInteger STARTED = new AtomicInteger();

  private SharedInstances() {}

  /**
   * Returns a lease on the instance the settings describe, starting it if no open tier uses it.
   *
   * @throws TierAccessException if it cannot be started or reached within
   *     {@code connectTimeout}
   */
  static Lease acquire(HazelcastSettings settings, String tierName) {
    String key = settings.instanceKey();
    synchronized (SHARED) {
      Shared shared = SHARED.get(key);
      if (shared == null || !shared.instance.getLifecycleService().isRunning()) {
        shared = start(settings, tierName, key);
        SHARED.put(key, shared);
      }
      shared.references++;
      return new Lease(shared);
    }
  }

  private static Shared start(HazelcastSettings settings, String tierName, String key) {
    String name = "tiercache-" + (settings.embedded() ? "member-" : "client-")
        + STARTED.incrementAndGet();
    ConnectionState state = new ConnectionState(settings.embedded());
    HazelcastInstance instance;
    try {
      if (settings.embedded()) {
        instance = Hazelcast.newHazelcastInstance(settings.memberConfig(name));
        state.memberStarted();
        instance.getLifecycleService().addLifecycleListener(state);
      } else {
        instance = startClient(settings, tierName, name, state);
      }
    } catch (TierAccessException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TierAccessException(
          tierName,
          "could not start " + settings.describeInstance() + ": " + HazelcastBackend.describe(e),
          e);
    }
    return new Shared(key, instance, state);
  }

  /**
   * Starts a client and waits at most {@code connectTimeout} for it. The client itself is told to
   * try for ever, so that once started it reconnects after outages of any length; so it starts
   * on a thread of its own, which is interrupted (Hazelcast then gives up and cleans up) if no
   * member answered in time. A start is synchronous ({@code asyncStart} off): an asynchronous
   * one returns before the client knows the partition table and its connections, and the first
   * operations then stall for seconds.
   */
  private static HazelcastInstance startClient(
      HazelcastSettings settings, String tierName, String name, ConnectionState state) {
    CompletableFuture<HazelcastInstance> started = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                HazelcastInstance client =
                    HazelcastClient.newHazelcastClient(settings.clientConfig(name, state));
                if (!started.complete(client)) {
                  client.shutdown(); // given up on meanwhile
                }
              } catch (Throwable e) {
                started.completeExceptionally(e);
              }
            },
            name + "-connect");
    starter.setDaemon(true);
    starter.start();
    Duration timeout = settings.connectTimeout();
    try {
      return started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (started.completeExceptionally(e)) {
        starter.interrupt();
        throw new TierAccessException(
            tierName,
            "no member answered " + settings.describeInstance() + " within "
                + timeout.toMillis() + " ms (connectTimeout); is the cluster up, and "
                + (settings.hasCredentials() ? "are its name and the credentials" : "is its name")
                + " right?");
      }
      return started.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.completeExceptionally(e);
      starter.interrupt();
      throw new TierAccessException(tierName, "interrupted while connecting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TierAccessException(
          tierName,
          "could not start " + settings.describeInstance() + ": "
              + HazelcastBackend.describe(cause),
          cause);
    }
  }

  private static void release(Shared shared) {
    synchronized (SHARED) {
      if (--shared.references > 0) {
        return;
      }
      SHARED.remove(shared.key, shared);
      try {
        // A member leaves gracefully: its partitions move to the other members first.
        shared.instance.shutdown();
      } catch (RuntimeException ignored) {
        // Already terminated; nothing left to release.
      }
    }
  }

  /** One started instance and the number of tiers that use it. */
  private static final class Shared {
    final String key;
    final HazelcastInstance instance;
    final ConnectionState state;
    int references;

    Shared(String key, HazelcastInstance instance, ConnectionState state) {
      this.key = key;
      this.instance = instance;
      this.state = state;
    }
  }

  /** One tier's use of a shared instance; {@link #release()} once. */
  static final class Lease {
    private final Shared shared;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(Shared shared) {
      this.shared = shared;
    }

    HazelcastInstance instance() {
      return shared.instance;
    }

    ConnectionState state() {
      return shared.state;
    }

    /** Gives the instance back; the last lease shuts it down. Idempotent. */
    void release() {
      if (released.compareAndSet(false, true)) {
        SharedInstances.release(shared);
      }
    }
  }

  /**
   * Whether an instance is connected to its cluster now: a client between a connection and a
   * disconnection, a member from its start until it merges after a split or shuts down.
   */
  static final class ConnectionState implements LifecycleListener {
    private final boolean member;
    private volatile boolean connected;

    ConnectionState(boolean member) {
      this.member = member;
    }

    boolean isConnected() {
      return connected;
    }

    void memberStarted() {
      connected = true;
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      switch (event.getState()) {
        case CLIENT_CONNECTED:
          connected = true;
          break;
        case MERGED:
        case MERGE_FAILED:
          connected = member;
          break;
        case CLIENT_DISCONNECTED:
        case MERGING:
        case SHUTTING_DOWN:
        case SHUTDOWN:
          connected = false;
          break;
        default:
          break;
      }
    }
  }
}
