package io.tiercache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KeyStripesTest {

  @Test
  void generationIsOddWhileAMutationRunsAndAdvancesByTwo() {
    KeyStripes stripes = new KeyStripes(16);
    int stripe = stripes.stripe("k");
    long before = stripes.generation(stripe);
    CompletableFuture<Void> gate = new CompletableFuture<>();

    CompletableFuture<Void> running = stripes.mutate(stripe, () -> gate);

    assertThat(KeyStripes.isStable(before)).isTrue();
    assertThat(stripes.generation(stripe)).isEqualTo(before + 1);
    assertThat(stripes.idle(stripe)).isNotDone();
    gate.complete(null);
    assertThat(running).isDone();
    assertThat(stripes.generation(stripe)).isEqualTo(before + 2);
    assertThat(stripes.idle(stripe)).isDone();
  }

  @Test
  void mutationsOfAStripeRunOneAfterAnotherInOrder() {
    KeyStripes stripes = new KeyStripes(16);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    List<Integer> order = new ArrayList<>();
    stripes.mutate(3, () -> gate);
    List<CompletableFuture<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      queued.add(
          stripes.mutate(
              3,
              () -> {
                order.add(n);
                return CompletableFuture.completedFuture(n);
              }));
    }
    assertThat(order).isEmpty();

    gate.complete(null);

    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void aLongQueueOfMutationsDrainsWithoutOverflowingTheStack() {
    KeyStripes stripes = new KeyStripes(16);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    stripes.mutate(0, () -> gate);
    int count = 100_000;
    List<CompletableFuture<Integer>> queued = new ArrayList<>(count);
    // Mutations of a stripe run one after another, so a plain counter is safe.
    int[] ran = new int[1];
    for (int i = 0; i < count; i++) {
      int n = i;
      queued.add(
          stripes.mutate(
              0,
              () -> {
                ran[0]++;
                return CompletableFuture.completedFuture(n);
              }));
    }

    gate.complete(null);

    // Past a bounded depth the queue drains on other threads: wait for its last mutation.
    assertThat(Await.done(queued.get(count - 1))).isEqualTo(count - 1);
    assertThat(ran[0]).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      assertThat(queued.get(i)).isCompletedWithValue(i);
    }
    assertThat(stripes.idle(0)).isDone();
    assertThat(stripes.generation(0)).isEqualTo(2L * (count + 1));
  }

  @Test
  void multiStripeMutationsQueueBehindEachOtherWithoutDeadlock() {
    KeyStripes stripes = new KeyStripes(16);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    stripes.mutate(1, () -> gate);
    List<String> order = new ArrayList<>();
    CompletableFuture<String> both =
        stripes.mutateAll(new int[] {2, 1}, () -> done(order, "both"));
    CompletableFuture<String> second = stripes.mutate(2, () -> done(order, "second"));
    CompletableFuture<String> everything = stripes.mutateEverything(() -> done(order, "all"));
    CompletableFuture<String> third = stripes.mutate(5, () -> done(order, "third"));

    assertThat(order).isEmpty();
    gate.complete(null);

    assertThat(order).containsExactly("both", "second", "all", "third");
    assertThat(both).isCompletedWithValue("both");
    assertThat(second).isDone();
    assertThat(everything).isDone();
    assertThat(third).isDone();
  }

  private static CompletableFuture<String> done(List<String> order, String name) {
    order.add(name);
    return CompletableFuture.completedFuture(name);
  }
}
