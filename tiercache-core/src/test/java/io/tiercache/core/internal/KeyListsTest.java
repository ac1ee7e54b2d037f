package io.tiercache.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyListsTest {

  @Test
  void randomAddsMovesAndRemovesAgreeWithAReferenceModel() {
    SplittableRandom random = new SplittableRandom(11);
    int capacity = 64;
    KeyLists lists = new KeyLists(capacity, 2);
    Map<Long, Integer> segmentOf = new HashMap<>();
    List<ArrayDeque<Long>> order = List.of(new ArrayDeque<>(), new ArrayDeque<>());
    for (int step = 0; step < 200_000; step++) {
      // Few distinct hashes, some sharing their low bits, so that probes collide and wrap.
      long hash = (random.nextInt(200) * 0x100000000L) ^ random.nextInt(3);
      int node = lists.find(hash);
      assertThat(node >= 0).isEqualTo(segmentOf.containsKey(hash));
      int segment = random.nextInt(2);
      if (node >= 0) {
        if (random.nextBoolean()) {
          lists.remove(node);
          order.get(segmentOf.remove(hash)).remove(hash);
        } else {
          lists.moveToFront(node, segment);
          order.get(segmentOf.get(hash)).remove(hash);
          order.get(segment).addFirst(hash);
          segmentOf.put(hash, segment);
        }
      } else if (lists.size() < capacity) {
        int added = lists.add(hash, segment);
        assertThat(lists.hashOf(added)).isEqualTo(hash);
        order.get(segment).addFirst(hash);
        segmentOf.put(hash, segment);
      } else {
        int victim = lists.leastRecent(segment);
        if (victim >= 0) {
          long evicted = lists.hashOf(victim);
          assertThat(evicted).isEqualTo(order.get(segment).peekLast());
          lists.remove(victim);
          order.get(segment).removeLast();
          segmentOf.remove(evicted);
        }
      }
      assertThat(lists.size()).isEqualTo(segmentOf.size());
      assertThat(lists.size(0)).isEqualTo(order.get(0).size());
    }
    for (Map.Entry<Long, Integer> held : segmentOf.entrySet()) {
      int node = lists.find(held.getKey());
      assertThat(node).isNotNegative();
      assertThat(lists.segmentOf(node)).isEqualTo(held.getValue());
    }
    List<Long> walked = new ArrayList<>();
    while (lists.leastRecent(1) >= 0) {
      int node = lists.leastRecent(1);
      walked.add(lists.hashOf(node));
      lists.remove(node);
    }
    List<Long> expected = new ArrayList<>(order.get(1));
    java.util.Collections.reverse(expected);
    assertThat(walked).isEqualTo(expected);
  }

  @Test
  void clearEmptiesEverySegment() {
    KeyLists lists = new KeyLists(8, 3);
    for (int i = 0; i < 8; i++) {
      lists.add(i * 31L, i % 3);
    }
    lists.clear();
    assertThat(lists.size()).isZero();
    for (int segment = 0; segment < 3; segment++) {
      assertThat(lists.leastRecent(segment)).isNegative();
    }
    assertThat(lists.find(31L)).isNegative();
    lists.add(31L, 0);
    assertThat(lists.find(31L)).isNotNegative();
  }
}
