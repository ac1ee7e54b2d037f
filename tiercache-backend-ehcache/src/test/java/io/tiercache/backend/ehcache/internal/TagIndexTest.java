package io.tiercache.backend.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.backend.ehcache.internal.TagIndex.Member;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagIndexTest {

  private final TagIndex index = new TagIndex();

  @Test
  void overwriteMovesTheKeyFromItsOldTagsToItsNewOnes() {
    index.put("a", Set.of("t1", "t2"), 100);
    index.put("b", Set.of("t1"), 100);

    index.put("a", Set.of("t2", "t3"), 100);
    index.put("b", Set.of(), 100);

    assertThat(index.keys("t1", 0)).isEmpty();
    assertThat(index.keys("t2", 0)).containsExactly("a");
    assertThat(index.keys("t3", 0)).containsExactly("a");
    assertThat(index.indexedTags()).containsExactlyInAnyOrder("t2", "t3");
    assertThat(index.contains("b")).isFalse();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void removeForgetsTheKeyAndDropsEmptyTags() {
    index.put("a", Set.of("t1"), 100);
    index.put("b", Set.of("t1", "t2"), 100);

    assertThat(index.remove("b")).isTrue();
    assertThat(index.remove("b")).isFalse();

    assertThat(index.keys("t1", 0)).containsExactly("a");
    assertThat(index.indexedTags()).containsExactly("t1");
  }

  @Test
  void goneEntriesAreLeftOutOfTheQueriesButStayCandidates() {
    index.put("live", Set.of("t"), 200);
    index.put("gone", Set.of("t", "only-gone"), 100);

    assertThat(index.keys("t", 100)).containsExactly("live");
    assertThat(index.tags(100)).containsExactly("t");
    assertThat(index.carries("gone", "t", 99)).isTrue();
    assertThat(index.carries("gone", "t", 100)).isFalse();
    assertThat(index.indexedUnder("gone", "t")).isTrue();
    assertThat(index.candidates("t")).containsExactlyInAnyOrder("live", "gone");
    assertThat(index.staleUntil("gone")).isEqualTo(100L);
    assertThat(index.staleUntil("never")).isNull();
  }

  @Test
  void membersListTheLiveKeysOfEachTag() {
    index.put("a", Set.of("t1", "t2"), 300);
    index.put("b", Set.of("t1"), 200);
    index.put("c", Set.of("t3"), 100);

    assertThat(index.members(150))
        .containsOnlyKeys("t1", "t2")
        .satisfies(
            members -> {
              assertThat(members.get("t1"))
                  .containsExactlyInAnyOrder(new Member("a", 300), new Member("b", 200));
              assertThat(members.get("t2")).containsExactly(new Member("a", 300));
            });
  }

  @Test
  void clearEmptiesEverything() {
    index.put("a", Set.of("t1"), 100);

    index.clear();

    assertThat(index.size()).isZero();
    assertThat(index.indexedTags()).isEmpty();
    assertThat(index.candidates("t1")).isEmpty();
  }
}
