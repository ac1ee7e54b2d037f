package io.tiercache.backend.caffeine;

import static io.tiercache.backend.caffeine.Tiers.entry;
import static io.tiercache.backend.caffeine.Tiers.forever;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Expiry by the tier's clock. Caffeine removes expired entries in time buckets of about a second,
 * so tests that wait for removal (and its event) move the clock well past the expiry; reads never
 * depend on that and are checked to the millisecond.
 */
class CaffeineBackendExpiryTest {

  private final ManualClock clock = new ManualClock();
  private final RecordingEvents events = new RecordingEvents();

  @Test
  void entryIsFreshThenStaleThenGoneToTheMillisecond() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> written = entry("v", clock, ofSeconds(10), ofSeconds(20), "t");
    tier.putSync("k", written);

    CacheEntry<String> fresh = tier.getSync("k");
    assertThat(fresh).isSameAs(written);
    assertThat(fresh.isFresh(clock.millis())).isTrue();

    clock.advance(ofSeconds(10));
    CacheEntry<String> stale = tier.getSync("k");
    assertThat(stale).isSameAs(written);
    assertThat(stale.isStale(clock.millis())).isTrue();

    clock.advanceMillis(19_999);
    assertThat(tier.getSync("k")).isSameAs(written);
    assertThat(tier.keysByTagSync("t")).containsExactly("k");

    clock.advanceMillis(1);
    assertThat(tier.getSync("k")).isNull();
    assertThat(tier.keysByTagSync("t")).isEmpty();
    assertThat(tier.tagsSync()).isEmpty();
  }

  @Test
  void goneEntryIsRemovedAndReportedAsExpired() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", entry("v", clock, ofSeconds(10), ofSeconds(5), "t"));
    tier.putSync("other", forever("stays"));

    clock.advance(ofSeconds(60));
    tier.cleanUp();

    assertThat(events.expiries).containsExactly("k");
    assertThat(events.evictions).isEmpty();
    assertThat(tier.estimatedSize()).isEqualTo(1);
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void entryThatNeverExpiresOutlivesAnyClock() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> written = forever("v", "t");
    tier.putSync("k", written);

    // A century: Caffeine represents expiries up to about 146 years ahead.
    clock.advance(ofDays(365L * 100));
    tier.cleanUp();

    assertThat(tier.getSync("k")).isSameAs(written);
    assertThat(tier.keysByTagSync("t")).containsExactly("k");
    assertThat(events.none()).isTrue();
  }

  @Test
  void lifeTooLongForNanosecondsSaturatesInsteadOfOverflowing() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    // 1000 years is finite, but too long to count in nanoseconds.
    CacheEntry<String> written = entry("v", clock, ofDays(365L * 1000), ZERO);
    assertThat(written.staleUntil()).isNotEqualTo(CacheEntry.NEVER);
    tier.putSync("k", written);

    clock.advance(ofDays(365L * 100));
    tier.cleanUp();

    assertThat(tier.getSync("k")).isSameAs(written);
  }

  @Test
  void putOfAnEntryAlreadyGoneStoresNothingAndRemovesTheOldOne() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", entry("old", clock, ofHours(1), ZERO, "old-tag"));
    long now = clock.millis();

    tier.putSync("k", new CacheEntry<>("late", now - 20, now, Set.of("late-tag")));

    assertThat(tier.getSync("k")).isNull();
    assertThat(tier.estimatedSize()).isZero();
    assertThat(tier.indexedTags()).isEmpty();
    assertThat(events.none()).isTrue();
  }

  @Test
  void expireAfterAccessDropsAnEntryNotReadForThatLong() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?expireAfterAccess=1m", clock, events);
    CacheEntry<String> written = entry("v", clock, ofHours(1), ZERO, "t");
    tier.putSync("k", written);

    clock.advance(ofSeconds(50));
    assertThat(tier.getSync("k")).isSameAs(written);
    clock.advance(ofSeconds(50)); // 100 s after the write, 50 s after the last read
    assertThat(tier.getSync("k")).isSameAs(written);
    clock.advance(ofSeconds(59)).advanceMillis(999);
    assertThat(tier.getSync("k")).isSameAs(written);

    clock.advance(ofSeconds(60));
    assertThat(tier.getSync("k")).isNull();
    assertThat(tier.keysByTagSync("t")).isEmpty();

    clock.advance(ofSeconds(60));
    tier.cleanUp();
    assertThat(events.expiries).containsExactly("k");
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void expireAfterAccessNeverExtendsAnEntryPastItsOwnExpiry() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?expireAfterAccess=1m", clock, events);
    tier.putSync("k", entry("v", clock, ofSeconds(10), ofSeconds(5)));

    for (int i = 0; i < 14; i++) {
      clock.advance(ofSeconds(1));
      assertThat(tier.getSync("k")).as("read %d s after the write", i + 1).isNotNull();
    }
    clock.advance(ofSeconds(1));

    assertThat(tier.getSync("k")).isNull();
  }

  @Test
  void listingTagsIsNotAnAccess() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?expireAfterAccess=1m", clock, events);
    tier.putSync("k", entry("v", clock, ofHours(1), ZERO, "t"));

    clock.advance(ofSeconds(50));
    assertThat(tier.keysByTagSync("t")).containsExactly("k");
    assertThat(tier.tagsSync()).containsExactly("t");
    clock.advance(ofSeconds(10));

    assertThat(tier.getSync("k")).isNull();
  }

  @Test
  void writeRestartsTheAccessWindow() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?expireAfterAccess=1m", clock, events);
    tier.putSync("k", entry("v1", clock, ofHours(1), ZERO));

    clock.advance(ofSeconds(50));
    CacheEntry<String> rewritten = entry("v2", clock, ofHours(1), ZERO);
    tier.putSync("k", rewritten);
    clock.advance(ofSeconds(50));

    assertThat(tier.getSync("k")).isSameAs(rewritten);
  }

  @Test
  void overwriteTakesTheNewEntrysExpiry() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", entry("long", clock, ofHours(1), ZERO));
    CacheEntry<String> shorter = entry("short", clock, ofSeconds(5), ZERO);
    tier.putSync("k", shorter);

    clock.advanceMillis(4_999);
    assertThat(tier.getSync("k")).isSameAs(shorter);
    clock.advanceMillis(1);
    assertThat(tier.getSync("k")).isNull();
  }

  @Test
  void expiredEntryIsNotCountedByInvalidation() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("brief", entry("v", clock, ofSeconds(10), ZERO, "t"));
    tier.putSync("lasting", forever("v", "t"));
    clock.advance(ofSeconds(10));

    assertThat(tier.invalidateSync("brief")).isFalse();
    assertThat(tier.invalidateByTagSync("t")).containsExactly("lasting");
  }
}
