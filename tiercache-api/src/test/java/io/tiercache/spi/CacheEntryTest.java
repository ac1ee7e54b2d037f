package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An entry's checks, and when it is fresh, stale and gone. */
class CacheEntryTest {

  private static final long NOW = 1_767_225_600_000L;

  @Test
  void nullValueIsRefusedBecauseAMissIsNoEntry() {
    assertThatThrownBy(() -> new CacheEntry<>(nothing(), 1, 2, Set.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value must not be null (a miss is the absence of an entry)");
  }

  @Test
  void nullTagsAreRefused() {
    assertThatThrownBy(() -> new CacheEntry<>("v", 1, 2, nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tags must not be null (use Set.of() for none)");
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> new CacheEntry<>("v", 1, 2, withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tag must not be null");
  }

  @SuppressWarnings("NullAway") // deliberately null, to test the checks
  private static <T> T nothing() {
    return null;
  }

  @Test
  void staleUntilBeforeExpiresAtIsRefused() {
    assertThatThrownBy(() -> new CacheEntry<>("v", 6, 5, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("staleUntil was 5 but must not be before expiresAt 6");
    assertThat(new CacheEntry<>("v", 6, 6, Set.of()).staleUntil()).isEqualTo(6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n", "\u2003"})
  void blankTagsAreRefused(String tag) {
    assertThatThrownBy(() -> new CacheEntry<>("v", 1, 2, Set.of(tag)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag was '" + tag + "' but must not be blank");
  }

  @Test
  void tagsLongerThanTheLimitAreRefused() {
    String longest = "x".repeat(CacheEntry.MAX_TAG_LENGTH);
    assertThat(new CacheEntry<>("v", 1, 2, Set.of(longest)).tags()).containsExactly(longest);
    assertThatThrownBy(() -> new CacheEntry<>("v", 1, 2, Set.of(longest + "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag was 1025 chars long but must be at most 1024");
    assertThat(CacheEntry.checkTag("product:42")).isEqualTo("product:42");
  }

  @Test
  void tagsAreCopiedAndCannotBeChanged() {
    Set<String> tags = new HashSet<>(Set.of("a", "b"));
    CacheEntry<String> entry = new CacheEntry<>("v", 1, 2, tags);
    tags.add("c");
    assertThat(entry.tags()).containsExactlyInAnyOrder("a", "b");
    assertThatThrownBy(() -> entry.tags().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofAddsTheTtlAndTheStaleWindowToNow() {
    CacheEntry<String> entry =
        CacheEntry.of("v", NOW, Duration.ofMinutes(5), Duration.ofSeconds(30), Set.of("t"));
    assertThat(entry.expiresAt()).isEqualTo(NOW + 300_000);
    assertThat(entry.staleUntil()).isEqualTo(NOW + 330_000);
    assertThat(entry.tags()).containsExactly("t");
  }

  @Test
  void ofSaturatesHugeDurationsToNever() {
    CacheEntry<String> forever =
        CacheEntry.of("v", NOW, Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO, Set.of());
    assertThat(forever.expiresAt()).isEqualTo(CacheEntry.NEVER);
    assertThat(forever.staleUntil()).isEqualTo(CacheEntry.NEVER);

    CacheEntry<String> pastTheEnd =
        CacheEntry.of("v", Long.MAX_VALUE - 10, Duration.ofMillis(11), Duration.ZERO, Set.of());
    assertThat(pastTheEnd.expiresAt()).isEqualTo(CacheEntry.NEVER);

    CacheEntry<String> exactlyAtTheEnd =
        CacheEntry.of("v", Long.MAX_VALUE - 10, Duration.ofMillis(10), Duration.ZERO, Set.of());
    assertThat(exactlyAtTheEnd.expiresAt()).isEqualTo(CacheEntry.NEVER);

    CacheEntry<String> staleForever =
        CacheEntry.of(
            "v", NOW, Duration.ofMinutes(1), Duration.ofDays(365L * 400_000_000L), Set.of());
    assertThat(staleForever.expiresAt()).isEqualTo(NOW + 60_000);
    assertThat(staleForever.staleUntil()).isEqualTo(CacheEntry.NEVER);

    CacheEntry<String> staleWindowOverflows =
        CacheEntry.of(
            "v", NOW, Duration.ofMinutes(1), Duration.ofMillis(Long.MAX_VALUE - 5), Set.of());
    assertThat(staleWindowOverflows.staleUntil()).isEqualTo(CacheEntry.NEVER);
  }

  @Test
  void ofRefusesTtlsThatAreNotPositiveAndNegativeStaleWindows() {
    assertThatThrownBy(() -> CacheEntry.of("v", NOW, Duration.ZERO, Duration.ZERO, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl was PT0S but must be positive");
    assertThatThrownBy(
            () -> CacheEntry.of("v", NOW, Duration.ofSeconds(-1), Duration.ZERO, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl was PT-1S but must be positive");
    assertThatThrownBy(
            () -> CacheEntry.of("v", NOW, Duration.ofSeconds(1), Duration.ofMillis(-1), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("staleFor was PT-0.001S but must not be negative");
    assertThatThrownBy(() -> CacheEntry.of("v", NOW, nothing(), Duration.ZERO, Set.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ttl must not be null");
    assertThatThrownBy(() -> CacheEntry.of("v", NOW, Duration.ofSeconds(1), nothing(), Set.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("staleFor must not be null");
    assertThatThrownBy(
            () -> CacheEntry.of("v", NOW, Duration.ofSeconds(1), Duration.ZERO, Set.of(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag was ' ' but must not be blank");
  }

  @Test
  void freshBeforeExpiryStaleUntilTheEndOfTheWindowThenGone() {
    CacheEntry<String> entry = new CacheEntry<>("v", 100, 200, Set.of());
    assertState(entry, 0, true, false, false);
    assertState(entry, 99, true, false, false);
    assertState(entry, 100, false, true, false);
    assertState(entry, 199, false, true, false);
    assertState(entry, 200, false, false, true);
    assertState(entry, Long.MAX_VALUE, false, false, true);
  }

  @Test
  void withoutAStaleWindowAnEntryIsNeverStale() {
    CacheEntry<String> entry = new CacheEntry<>("v", 100, 100, Set.of());
    assertState(entry, 99, true, false, false);
    assertState(entry, 100, false, false, true);
  }

  @Test
  void entryThatNeverExpiresIsAlwaysFresh() {
    CacheEntry<String> entry = new CacheEntry<>("v", CacheEntry.NEVER, CacheEntry.NEVER, Set.of());
    assertState(entry, Long.MIN_VALUE, true, false, false);
    assertState(entry, Long.MAX_VALUE - 1, true, false, false);
    assertThat(entry.retainMillis(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
  }

  private static void assertState(
      CacheEntry<?> entry, long now, boolean fresh, boolean stale, boolean gone) {
    assertThat(entry.isFresh(now)).as("fresh at %d", now).isEqualTo(fresh);
    assertThat(entry.isStale(now)).as("stale at %d", now).isEqualTo(stale);
    assertThat(entry.isGone(now)).as("gone at %d", now).isEqualTo(gone);
  }

  @Test
  void retainMillisCountsDownToZero() {
    CacheEntry<String> entry = new CacheEntry<>("v", 100, 200, Set.of());
    assertThat(entry.retainMillis(50)).isEqualTo(150);
    assertThat(entry.retainMillis(199)).isEqualTo(1);
    assertThat(entry.retainMillis(200)).isZero();
    assertThat(entry.retainMillis(10_000)).isZero();
  }

  @Test
  void withValueKeepsTheMetadata() {
    CacheEntry<String> entry = new CacheEntry<>("v", 100, 200, Set.of("t"));
    CacheEntry<Integer> other = entry.withValue(7);
    assertThat(other).isEqualTo(new CacheEntry<>(7, 100, 200, Set.of("t")));
  }
}
