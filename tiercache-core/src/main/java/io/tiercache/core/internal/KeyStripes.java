package io.tiercache.core.internal;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Orders the mutations of keys and lets readers and promotions detect them, with memory fixed by
 * the number of stripes whatever the number of keys.
 *
 * <p>Each key maps to a stripe. A stripe has a generation, used as a sequence lock: even while no
 * mutation of the stripe runs, odd while one does; every mutation adds one when it starts and one
 * when it ends. Mutations of a stripe run one after another, without blocking threads: each is
 * chained after the previous one's future.
 *
 * <ul>
 *   <li>A promotion reads the generation before reading the tier below and writes the tier above
 *       only if the generation is still that even value, checked atomically with the write; so a
 *       promotion that raced with an invalidation or a newer write is dropped, never applied
 *       after it.
 *   <li>A read that went below L1 is valid only if the generation was even and unchanged across
 *       it; otherwise it waits for the running mutation and reads again. A read is therefore
 *       linearizable even though it reads several tiers one after another.
 * </ul>
 *
 * <p>Keys sharing a stripe may delay each other's reads or drop each other's promotions; that
 * costs a retry or a promotion, never correctness.
 */
public final class KeyStripes {

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * How many queued mutations one thread starts inside one another: each mutation starts the
   * next from its completion, so a long queue would otherwise drain by ever deeper recursion.
   */
  private static final int MAX_NESTED_STARTS = 32;

  private static final ThreadLocal<int[]> NESTED_STARTS = ThreadLocal.withInitial(() -> new int[1]);

  private final int mask;
  private final AtomicLongArray generations;
  private final AtomicReferenceArray<CompletableFuture<Void>> tails;
  private final Object multiLock = new Object();

  /**
   * Creates the stripes.
   *
   * @param count the number of stripes, rounded up to a power of two
   */
  public KeyStripes(int count) {
    int size = Integer.highestOneBit(Math.max(2, count - 1)) << 1;
    this.mask = size - 1;
    this.generations = new AtomicLongArray(size);
    CompletableFuture<?>[] initial = new CompletableFuture<?>[size];
    Arrays.fill(initial, DONE);
    @SuppressWarnings("unchecked") // every element is a CompletableFuture<Void>
    CompletableFuture<Void>[] typed = (CompletableFuture<Void>[]) initial;
    this.tails = new AtomicReferenceArray<>(typed);
  }

  /**
   * Returns the stripe of a key.
   *
   * @param key the key
   * @return the stripe index
   */
  public int stripe(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return h & mask;
  }

  /**
   * Returns the number of stripes.
   *
   * @return the count
   */
  public int count() {
    return mask + 1;
  }

  /**
   * Returns the generation of a stripe.
   *
   * @param stripe the stripe
   * @return the generation; odd while a mutation runs
   */
  public long generation(int stripe) {
    return generations.get(stripe);
  }

  /**
   * Tells whether a generation was read while no mutation ran.
   *
   * @param generation a value of {@link #generation}
   * @return {@code true} if even
   */
  public static boolean isStable(long generation) {
    return (generation & 1) == 0;
  }

  /**
   * Returns a future completed when every mutation of the stripe started so far has ended.
   *
   * @param stripe the stripe
   * @return the future
   */
  public CompletableFuture<Void> idle(int stripe) {
    return tails.get(stripe);
  }

  /**
   * Runs a mutation of one stripe after every earlier one has ended.
   *
   * @param stripe the stripe
   * @param action starts the mutation and returns its future; called once, on the thread that
   *     ended the previous mutation or on the caller's
   * @param <T> the result type
   * @return the mutation's result, completed after the generation became even again
   */
  public <T> CompletableFuture<T> mutate(int stripe, Supplier<CompletableFuture<T>> action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> previous = tails.getAndSet(stripe, done);
    return runAfter(previous, new int[] {stripe}, done, action);
  }

  /**
   * Runs a mutation of several stripes after every earlier mutation of any of them has ended.
   *
   * @param stripes the stripes, any order, duplicates allowed
   * @param action starts the mutation
   * @param <T> the result type
   * @return the mutation's result
   */
  public <T> CompletableFuture<T> mutateAll(int[] stripes, Supplier<CompletableFuture<T>> action) {
    int[] distinct = Arrays.stream(stripes).distinct().sorted().toArray();
    if (distinct.length == 1) {
      return mutate(distinct[0], action);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<?>[] previous = new CompletableFuture<?>[distinct.length];
    // Enqueuing on several stripes must be atomic with respect to other multi-stripe mutations,
    // or two of them could queue behind each other on different stripes and wait forever.
    synchronized (multiLock) {
      for (int i = 0; i < distinct.length; i++) {
        previous[i] = tails.getAndSet(distinct[i], done);
      }
    }
    return runAfter(CompletableFuture.allOf(previous), distinct, done, action);
  }

  /**
   * Runs a mutation of every stripe.
   *
   * @param action starts the mutation
   * @param <T> the result type
   * @return the mutation's result
   */
  public <T> CompletableFuture<T> mutateEverything(Supplier<CompletableFuture<T>> action) {
    int[] all = new int[count()];
    Arrays.setAll(all, i -> i);
    return mutateAll(all, action);
  }

  private <T> CompletableFuture<T> runAfter(
      CompletableFuture<?> previous,
      int[] stripes,
      CompletableFuture<Void> done,
      Supplier<CompletableFuture<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable run =
        () -> {
          for (int stripe : stripes) {
            generations.incrementAndGet(stripe);
          }
          CompletableFuture<T> started;
          try {
            started = action.get();
          } catch (RuntimeException | Error e) {
            started = CompletableFuture.failedFuture(e);
          }
          started.whenComplete(
              (value, failure) -> {
                for (int stripe : stripes) {
                  generations.incrementAndGet(stripe);
                }
                done.complete(null);
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(value);
                }
              });
        };
    if (previous.isDone()) {
      run.run();
    } else {
      previous.whenComplete((ignored, failure) -> startNested(run));
    }
    return result;
  }

  /**
   * Starts a queued mutation from the completion of the one before it, on this thread unless
   * this thread is already that deep in such starts: then on the common pool, so that the stack
   * stays bounded however long the queue. (Deferring it to the end of this thread's current
   * start instead could deadlock a caller that waits for it meanwhile.)
   */
  private static void startNested(Runnable run) {
    int[] depth = NESTED_STARTS.get();
    if (depth[0] >= MAX_NESTED_STARTS) {
      ForkJoinPool.commonPool().execute(run);
      return;
    }
    depth[0]++;
    try {
      run.run();
    } finally {
      depth[0]--;
    }
  }

  /**
   * Returns the memory the stripes hold, roughly, in bytes.
   *
   * @return the footprint
   */
  public long footprintBytes() {
    return 16L * count() + 64;
  }
}
