package io.tiercache.testing;

import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierClock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A remote-like tier (not a {@link io.tiercache.spi.LocalCacheBackend}, declared {@code shared})
 * whose every operation the test can hold at a gate, fail, or leave unanswered.
 *
 * <p>A normal operation completes on the calling thread. A read held at a {@link Gate} takes its
 * answer when it is called (the store was read) and delivers it when the gate is released (the
 * reply was slow); a held write or removal is applied when the gate is released.
 *
 * @param <V> the value type
 */
public final class ScriptedTier<V> implements CacheBackend<V> {

  /** The operations that can be scripted. */
  public enum Op {
    GET,
    PUT,
    INVALIDATE,
    INVALIDATE_BY_TAG,
    KEYS_BY_TAG,
    TAGS,
    CLEAR
  }

  /** What an operation does. */
  public enum Mode {
    /** Answers at once. */
    NORMAL,
    /** Fails at once with a {@link TierAccessException}. */
    FAIL,
    /** Never answers. */
    HANG
  }

  private final String name;
  private final TierClock clock;
  private final BackendCapabilities capabilities;
  private final ConcurrentHashMap<String, CacheEntry<V>> map = new ConcurrentHashMap<>();
  private final Map<Op, Mode> modes = new EnumMap<>(Op.class);
  private final Map<Op, ConcurrentLinkedQueue<Gate>> gates = new EnumMap<>(Op.class);
  private final Map<Op, AtomicInteger> calls = new EnumMap<>(Op.class);
  private final Map<Op, AtomicInteger> failNext = new EnumMap<>(Op.class);
  private volatile boolean closed;

  public ScriptedTier(String name, TierClock clock) {
    this(name, clock, BackendCapabilities.remote().build());
  }

  public ScriptedTier(String name, TierClock clock, BackendCapabilities capabilities) {
    this.name = name;
    this.clock = clock;
    this.capabilities = capabilities;
    for (Op op : Op.values()) {
      modes.put(op, Mode.NORMAL);
      gates.put(op, new ConcurrentLinkedQueue<>());
      calls.put(op, new AtomicInteger());
      failNext.put(op, new AtomicInteger());
    }
  }

  /** Sets the mode of some operations. */
  public synchronized ScriptedTier<V> script(Mode mode, Op... ops) {
    for (Op op : ops) {
      modes.put(op, mode);
    }
    return this;
  }

  /** Sets the mode of every operation. */
  public ScriptedTier<V> scriptAll(Mode mode) {
    return script(mode, Op.values());
  }

  /** Makes the next {@code count} calls of an operation fail, then behave as scripted. */
  public ScriptedTier<V> failNext(Op op, int count) {
    failNext.get(op).set(count);
    return this;
  }

  /** Holds the next call of an operation until the returned gate is released. */
  public Gate holdNext(Op op) {
    Gate gate = new Gate(op);
    gates.get(op).add(gate);
    return gate;
  }

  /** Returns how often an operation was called. */
  public int calls(Op op) {
    return calls.get(op).get();
  }

  /** Returns the stored entry, ignoring expiry and scripts. */
  public @Nullable CacheEntry<V> raw(String key) {
    return map.get(key);
  }

  /** Stores an entry directly, ignoring scripts. */
  public void store(String key, CacheEntry<V> entry) {
    map.put(key, entry);
  }

  public int size() {
    return map.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public CompletableFuture<@Nullable CacheEntry<V>> get(String key) {
    Objects.requireNonNull(key, "key");
    return run(
        Op.GET,
        () -> {
          CacheEntry<V> entry = map.get(key);
          CacheEntry<V> answer = entry == null || entry.isGone(clock.millis()) ? null : entry;
          return () -> answer;
        });
  }

  @Override
  public CompletableFuture<Void> put(String key, CacheEntry<V> entry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    return run(
        Op.PUT,
        () ->
            () -> {
              if (entry.isGone(clock.millis())) {
                map.remove(key);
              } else {
                map.put(key, entry);
              }
              return null;
            });
  }

  @Override
  public CompletableFuture<Boolean> invalidate(String key) {
    Objects.requireNonNull(key, "key");
    return run(Op.INVALIDATE, () -> () -> map.remove(key) != null);
  }

  @Override
  public CompletableFuture<Set<String>> invalidateByTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    return run(
        Op.INVALIDATE_BY_TAG,
        () ->
            () -> {
              Set<String> removed = new HashSet<>();
              map.forEach(
                  (k, e) -> {
                    if (e.tags().contains(tag) && map.remove(k, e)) {
                      removed.add(k);
                    }
                  });
              return removed;
            });
  }

  @Override
  public CompletableFuture<Set<String>> keysByTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    return run(
        Op.KEYS_BY_TAG,
        () -> {
          Set<String> keys = new HashSet<>();
          long now = clock.millis();
          map.forEach(
              (k, e) -> {
                if (e.tags().contains(tag) && !e.isGone(now)) {
                  keys.add(k);
                }
              });
          return () -> keys;
        });
  }

  @Override
  public CompletableFuture<Set<String>> tags() {
    return run(
        Op.TAGS,
        () -> {
          Set<String> tags = new HashSet<>();
          long now = clock.millis();
          map.values()
              .forEach(
                  e -> {
                    if (!e.isGone(now)) {
                      tags.addAll(e.tags());
                    }
                  });
          return () -> tags;
        });
  }

  @Override
  public CompletableFuture<Void> clear() {
    return run(
        Op.CLEAR,
        () ->
            () -> {
              map.clear();
              return null;
            });
  }

  @Override
  public void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Runs an operation as scripted. {@code call} runs when the operation is called and returns
   * what runs when it is answered.
   */
  private <T> CompletableFuture<T> run(Op op, Supplier<Supplier<T>> call) {
    if (closed) {
      throw new IllegalStateException("tier '" + name + "' is closed");
    }
    calls.get(op).incrementAndGet();
    AtomicInteger failures = failNext.get(op);
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(new TierAccessException(name, op + " failed (scripted)"));
    }
    Mode mode;
    synchronized (this) {
      mode = modes.get(op);
    }
    switch (mode) {
      case FAIL:
        return CompletableFuture.failedFuture(
            new TierAccessException(name, op + " failed (scripted)"));
      case HANG:
        return new CompletableFuture<>();
      default:
        break;
    }
    Gate gate = gates.get(op).poll();
    if (gate == null) {
      try {
        return CompletableFuture.completedFuture(call.get().get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    Supplier<T> answer = call.get();
    gate.reached.complete(null);
    return gate.released.thenApply(ignored -> answer.get());
  }

  /** Holds one call of an operation. */
  public static final class Gate {
    private final Op op;
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    Gate(Op op) {
      this.op = op;
    }

    /** Completed when the held call arrived. */
    public CompletableFuture<Void> reached() {
      return reached;
    }

    /** Answers the held call, on this thread. */
    public void release() {
      released.complete(null);
    }

    @Override
    public String toString() {
      return "Gate[" + op + "]";
    }
  }
}
