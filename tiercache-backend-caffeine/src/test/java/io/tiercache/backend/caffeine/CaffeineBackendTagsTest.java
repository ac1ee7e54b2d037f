package io.tiercache.backend.caffeine;

import static io.tiercache.backend.caffeine.Tiers.entry;
import static io.tiercache.backend.caffeine.Tiers.forever;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaffeineBackendTagsTest {

  private final ManualClock clock = new ManualClock();
  private final RecordingEvents events = new RecordingEvents();

  @Test
  void overwriteWithOtherTagsMovesTheKey() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("v1", "red", "blue"));

    tier.putSync("k", forever("v2", "blue", "green"));

    assertThat(tier.keysByTagSync("red")).isEmpty();
    assertThat(tier.keysByTagSync("blue")).containsExactly("k");
    assertThat(tier.keysByTagSync("green")).containsExactly("k");
    assertThat(tier.tagsSync()).containsExactlyInAnyOrder("blue", "green");
    assertThat(tier.indexedTags()).containsExactlyInAnyOrder("blue", "green");

    tier.putSync("k", forever("v3"));

    assertThat(tier.tagsSync()).isEmpty();
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void keysByTagListsEveryKeyCarryingTheTag() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("a", forever("v", "x", "y"));
    tier.putSync("b", forever("v", "x"));
    tier.putSync("c", forever("v", "y"));
    tier.putSync("d", forever("v"));

    assertThat(tier.keysByTagSync("x")).containsExactlyInAnyOrder("a", "b");
    assertThat(tier.keysByTagSync("y")).containsExactlyInAnyOrder("a", "c");
    assertThat(tier.keysByTagSync("z")).isEmpty();
    assertThat(tier.tagsSync()).containsExactlyInAnyOrder("x", "y");
  }

  @Test
  void invalidationUnindexesTheKey() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("v", "t"));
    tier.putSync("other", forever("v", "u"));

    assertThat(tier.invalidateSync("k")).isTrue();
    assertThat(tier.invalidateSync("k")).isFalse();

    assertThat(tier.keysByTagSync("t")).isEmpty();
    assertThat(tier.indexedTags()).containsExactly("u");
    assertThat(events.none()).as("an invalidation is neither an eviction nor an expiry").isTrue();
  }

  @Test
  void invalidateByTagReturnsTheDistinctKeysRemoved() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("a", forever("v", "x", "y"));
    tier.putSync("b", forever("v", "x"));
    tier.putSync("b", forever("v", "x")); // the same key written twice counts once
    tier.putSync("c", forever("v", "y"));
    tier.putSync("d", forever("v"));

    assertThat(tier.invalidateByTagSync("x")).containsExactlyInAnyOrder("a", "b");
    assertThat(tier.invalidateByTagSync("x")).isEmpty();
    assertThat(tier.invalidateByTagSync("y")).containsExactly("c");

    assertThat(tier.getSync("a")).isNull();
    assertThat(tier.getSync("d")).isNotNull();
    assertThat(tier.tagsSync()).isEmpty();
    assertThat(tier.indexedTags()).isEmpty();
    assertThat(events.none()).isTrue();
  }

  @Test
  void invalidateByTagLeavesAKeyRewrittenWithoutTheTag() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("tagged", "t"));
    tier.putSync("k", forever("untagged", "u"));

    assertThat(tier.invalidateByTagSync("t")).isEmpty();
    assertThat(tier.getSync("k").value()).isEqualTo("untagged");
  }

  @Test
  void expiredEntriesAreHiddenAtOnceAndUnindexedOnCleanUp() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("a", entry("v", clock, ofSeconds(10), ZERO, "t1", "shared"));
    tier.putSync("b", entry("v", clock, ofSeconds(5), ofSeconds(5), "t2", "shared"));
    tier.putSync("c", forever("v", "shared"));

    clock.advance(ofSeconds(10));

    // Expired but not yet removed by Caffeine (it removes them in buckets of about a second):
    // the raw index still lists them, the views must not.
    assertThat(tier.indexedTags()).containsExactlyInAnyOrder("t1", "t2", "shared");
    assertThat(tier.keysByTagSync("shared")).containsExactly("c");
    assertThat(tier.keysByTagSync("t1")).isEmpty();
    assertThat(tier.tagsSync()).containsExactly("shared");

    clock.advance(ofSeconds(60));
    tier.cleanUp();

    assertThat(tier.indexedTags()).containsExactly("shared");
    assertThat(events.expiries).containsExactlyInAnyOrder("a", "b");
    assertThat(events.evictions).isEmpty();
  }

  @Test
  void sizeEvictionUnindexesAndReportsEachEvictedKey() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?maximumSize=3", clock, events);
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      tier.putSync("k" + i, forever("v" + i, "all", "own-" + i));
      all.add("k" + i);
    }
    tier.cleanUp();

    Set<String> present =
        all.stream().filter(key -> tier.getSync(key) != null).collect(Collectors.toSet());
    assertThat(present).hasSize(3);
    assertThat(tier.estimatedSize()).isEqualTo(3);
    assertThat(tier.keysByTagSync("all")).isEqualTo(present);

    Set<String> expectedTags = new HashSet<>(Set.of("all"));
    present.forEach(key -> expectedTags.add("own-" + key.substring(1)));
    assertThat(tier.indexedTags()).isEqualTo(expectedTags);
    assertThat(tier.tagsSync()).isEqualTo(expectedTags);

    Set<String> evicted = new HashSet<>(all);
    evicted.removeAll(present);
    assertThat(events.evictions).hasSize(17).containsExactlyInAnyOrderElementsOf(evicted);
    assertThat(events.expiries).isEmpty();
  }

  @Test
  void manyKeysUnderOneTagAreAllListedAndAllInvalidated() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    Set<String> keys =
        IntStream.range(0, 500).mapToObj(i -> "k" + i).collect(Collectors.toSet());
    keys.forEach(key -> tier.putSync(key, forever("v", "bulk")));

    assertThat(tier.keysByTagSync("bulk")).isEqualTo(keys);
    assertThat(tier.invalidateByTagSync("bulk")).isEqualTo(keys);
    assertThat(tier.estimatedSize()).isZero();
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void viewsAreSnapshotsThatCallersCannotChange() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("v", "t"));
    Set<String> keys = tier.keysByTagSync("t");
    Set<String> tags = tier.tagsSync();

    tier.invalidateSync("k");

    assertThat(keys).containsExactly("k");
    assertThat(tags).containsExactly("t");
    assertThatThrownBy(() -> keys.add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void clearRemovesEveryEntryAndEveryTagWithoutEvents() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    for (int i = 0; i < 50; i++) {
      tier.putSync("k" + i, forever("v", "t" + (i % 5)));
    }
    tier.putSync("untagged", forever("v"));

    tier.clearSync();

    assertThat(tier.estimatedSize()).isZero();
    assertThat(tier.getSync("k1")).isNull();
    assertThat(tier.tagsSync()).isEmpty();
    assertThat(tier.indexedTags()).isEmpty();
    assertThat(events.none()).isTrue();

    CacheEntry<String> after = forever("again", "t1");
    tier.putSync("k1", after);
    assertThat(tier.keysByTagSync("t1")).containsExactly("k1");
  }
}
