package io.tiercache.backend.caffeine;

import static io.tiercache.backend.caffeine.Tiers.entry;
import static io.tiercache.backend.caffeine.Tiers.forever;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.Option;
import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CaffeineBackendTest {

  private final ManualClock clock = new ManualClock();
  private final RecordingEvents events = new RecordingEvents();

  // ---------------------------------------------------------------------------------------------
  // Reads and writes

  @Test
  void readReturnsTheEntryAsWritten() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> written = entry("v", clock, ofHours(1), ofHours(1), "a", "b");

    tier.putSync("k", written);

    assertThat(tier.getSync("k")).isSameAs(written);
    assertThat(tier.getSync("absent")).isNull();
  }

  @Test
  void asynchronousMethodsCompleteAtOnceWithTheSameResults() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> a = forever("a", "t");
    CacheEntry<String> b = forever("b");

    assertThat(tier.put("a", a)).isCompleted();
    Map<String, CacheEntry<String>> batch = new LinkedHashMap<>();
    batch.put("b", b);
    assertThat(tier.putAll(batch)).isCompleted();

    assertThat(tier.get("a")).isCompletedWithValue(a);
    assertThat(tier.get("missing")).isCompletedWithValue(null);
    assertThat(tier.getAll(List.of("a", "missing", "b")))
        .isCompletedWithValue(Map.of("a", a, "b", b));
    assertThat(tier.keysByTag("t")).isCompletedWithValue(Set.of("a"));
    assertThat(tier.tags()).isCompletedWithValue(Set.of("t"));
    assertThat(tier.invalidateByTag("t")).isCompletedWithValue(Set.of("a"));
    assertThat(tier.invalidate("b")).isCompletedWithValue(true);
    assertThat(tier.invalidate("b")).isCompletedWithValue(false);
    tier.putSync("c", forever("c"));
    assertThat(tier.clear()).isCompleted();
    assertThat(tier.getSync("c")).isNull();
  }

  @Test
  void tierIsBoundedByTenThousandEntriesWhenNoBoundIsGiven() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);

    for (int i = 0; i < 10_050; i++) {
      tier.putSync("k" + i, forever("v"));
    }
    tier.cleanUp();

    assertThat(tier.estimatedSize()).isEqualTo(CaffeineBackendProvider.DEFAULT_MAXIMUM_SIZE);
    assertThat(events.evictions).hasSize(50);
  }

  // ---------------------------------------------------------------------------------------------
  // putSyncIf

  @Test
  void putIfUnderAFalseConditionWritesNothing() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> old = forever("old", "old-tag");
    tier.putSync("k", old);
    AtomicInteger asked = new AtomicInteger();

    boolean written =
        tier.putSyncIf(
            "k",
            forever("new", "new-tag"),
            () -> {
              asked.incrementAndGet();
              return false;
            });

    assertThat(written).isFalse();
    assertThat(asked).hasValue(1);
    assertThat(tier.getSync("k")).isSameAs(old);
    assertThat(tier.tagsSync()).containsExactly("old-tag");
    assertThat(tier.indexedTags()).containsExactly("old-tag");
    assertThat(events.none()).isTrue();
  }

  @Test
  void putIfUnderAFalseConditionCreatesNothing() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);

    assertThat(tier.putSyncIf("k", forever("new", "t"), () -> false)).isFalse();

    assertThat(tier.getSync("k")).isNull();
    assertThat(tier.estimatedSize()).isZero();
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void putIfUnderATrueConditionWritesAndMovesTags() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("old", "old-tag"));
    CacheEntry<String> next = forever("new", "new-tag");

    assertThat(tier.putSyncIf("k", next, () -> true)).isTrue();

    assertThat(tier.getSync("k")).isSameAs(next);
    assertThat(tier.indexedTags()).containsExactly("new-tag");
  }

  @Test
  void putIfOfAnEntryAlreadyGoneRemovesTheOldOne() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("old", "t"));
    long now = clock.millis();

    assertThat(tier.putSyncIf("k", new CacheEntry<>("late", now - 2, now, Set.of()), () -> true))
        .isTrue();

    assertThat(tier.getSync("k")).isNull();
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void putIfConditionThatThrowsChangesNothing() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> old = forever("old", "old-tag");
    tier.putSync("k", old);
    BooleanSupplier failing =
        () -> {
          throw new IllegalStateException("condition failed");
        };

    assertThatThrownBy(() -> tier.putSyncIf("k", forever("new", "new-tag"), failing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("condition failed");

    assertThat(tier.getSync("k")).isSameAs(old);
    assertThat(tier.indexedTags()).containsExactly("old-tag");
  }

  // ---------------------------------------------------------------------------------------------
  // maximumWeight

  @Test
  void entriesWeighTheirEncodedSizePlusTheOverhead() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?maximumWeight=1000", clock, events);
    int overhead = CaffeineBackendProvider.ENTRY_OVERHEAD_BYTES;

    tier.putSync("ascii", forever("x".repeat(100)));
    assertThat(tier.weightedSize()).isEqualTo(100 + overhead);

    // 50 chars, 100 bytes of UTF-8: the codec's size counts, not the string's length.
    tier.putSync("accented", forever("é".repeat(50)));
    assertThat(tier.weightedSize()).isEqualTo(2 * (100 + overhead));

    tier.putSync("ascii", forever("x".repeat(10)));
    assertThat(tier.weightedSize()).isEqualTo(10 + overhead + 100 + overhead);
  }

  @Test
  void weightBoundKeepsTheTotalWeightUnderTheMaximum() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?maximumWeight=1000", clock, events);
    int weight = 100 + CaffeineBackendProvider.ENTRY_OVERHEAD_BYTES;

    for (int i = 0; i < 20; i++) {
      tier.putSync("k" + i, forever("x".repeat(100), "all"));
    }
    tier.cleanUp();

    long present = tier.estimatedSize();
    assertThat(present).isBetween(1L, 1000L / weight);
    assertThat(tier.weightedSize()).isEqualTo(present * weight);
    assertThat(tier.keysByTagSync("all")).hasSize((int) present);
    assertThat(events.evictions).hasSize(20 - (int) present);
  }

  @Test
  void largestEntryFitsAndOneByteMoreIsDroppedAsAnEviction() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?maximumWeight=1000", clock, events);
    int largest = (int) tier.capabilities().maxEntryBytes();
    assertThat(largest).isEqualTo(1000 - CaffeineBackendProvider.ENTRY_OVERHEAD_BYTES);

    tier.putSync("fits", forever("x".repeat(largest), "t"));
    tier.cleanUp();
    assertThat(tier.getSync("fits")).isNotNull();

    tier.invalidateSync("fits");
    tier.putSync("too-big", forever("x".repeat(largest + 1), "t"));
    tier.cleanUp();

    assertThat(tier.getSync("too-big")).isNull();
    assertThat(events.evictions).containsExactly("too-big");
    assertThat(tier.indexedTags()).isEmpty();
  }

  @Test
  void valueTheCodecCannotSizeFailsThePutAndChangesNothing() {
    TierOptions options =
        TierOptions.checkOrThrow(TierUri.parse("caffeine://?maximumWeight=1000"), allOptions());
    CaffeineBackend<String> tier =
        new CaffeineBackend<>(
            BackendContext.builder("strict", options, new RefusingCodec()).clock(clock).build());
    CacheEntry<String> old = forever("ok", "old-tag");
    tier.putSync("k", old);

    assertThatThrownBy(() -> tier.putSync("k", forever("refused", "new-tag")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot encode 'refused'");
    assertThatThrownBy(() -> tier.putSyncIf("k", forever("refused", "new-tag"), () -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot encode 'refused'");

    assertThat(tier.getSync("k")).isSameAs(old);
    assertThat(tier.indexedTags()).containsExactly("old-tag");
  }

  // ---------------------------------------------------------------------------------------------
  // Statistics and toString

  @Test
  void toStringShowsNameOptionsAndTheDefaultBound() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://?expireAfterAccess=5m", clock, events);
    tier.putSync("k", forever("v"));

    assertThat(tier)
        .hasToString(
            "CaffeineBackend[L1-caffeine, TierOptions[expireAfterAccess=PT5M],"
                + " maximumSize=10000 (default), size=1]");
  }

  @Test
  void recordStatsCountsHitsMissesAndEvictions() {
    CaffeineBackend<String> tier =
        Tiers.open("caffeine://?maximumSize=1&recordStats=true&name=products", clock, events);
    tier.putSync("a", forever("v"));
    tier.getSync("a");
    tier.getSync("missing");
    tier.putSync("b", forever("v"));
    tier.cleanUp();

    assertThat(tier.stats().hitCount()).isEqualTo(1);
    assertThat(tier.stats().missCount()).isEqualTo(1);
    assertThat(tier.stats().evictionCount()).isEqualTo(1);
    assertThat(tier.toString())
        .startsWith("CaffeineBackend[products, TierOptions[maximumSize=1, name=products,"
            + " recordStats=true], size=1, hits=1, misses=1, hitRate=0.500, evictions=1");
  }

  @Test
  void statsAreZeroUnlessRecorded() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("a", forever("v"));
    tier.getSync("a");

    assertThat(tier.stats().hitCount()).isZero();
    assertThat(tier.toString()).doesNotContain("hits=");
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle and arguments

  @Test
  void everyMethodFailsAfterCloseAndCloseIsIdempotent() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    tier.putSync("k", forever("v", "t"));

    tier.close();
    assertThatNoException().isThrownBy(tier::close);

    CacheEntry<String> entry = forever("v");
    List<ThrowingCallable> calls = new ArrayList<>();
    calls.add(() -> tier.getSync("k"));
    calls.add(() -> tier.get("k"));
    calls.add(() -> tier.getAll(List.of("k")));
    calls.add(() -> tier.putSync("k", entry));
    calls.add(() -> tier.put("k", entry));
    calls.add(() -> tier.putAll(Map.of("k", entry)));
    calls.add(() -> tier.putSyncIf("k", entry, () -> true));
    calls.add(() -> tier.invalidateSync("k"));
    calls.add(() -> tier.invalidate("k"));
    calls.add(() -> tier.invalidateByTagSync("t"));
    calls.add(() -> tier.invalidateByTag("t"));
    calls.add(() -> tier.keysByTag("t"));
    calls.add(tier::tags);
    calls.add(tier::clearSync);
    calls.add(tier::clear);
    calls.add(tier::cleanUp);
    calls.add(tier::stats);
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("tier 'L1-caffeine' is closed");
    }
    assertThat(tier.toString()).endsWith(", closed]");
    assertThat(tier.name()).as("a closed tier still names itself").isEqualTo("L1-caffeine");
    assertThat(tier.capabilities().tags()).isTrue();
    assertThat(tier.invalidationBus()).isEmpty();
    assertThat(events.none()).as("closing is no eviction").isTrue();
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    CaffeineBackend<String> tier = Tiers.open("caffeine://", clock, events);
    CacheEntry<String> entry = forever("v");

    assertNullRefused(() -> tier.getSync(nullOf()), "key");
    assertNullRefused(() -> tier.get(nullOf()), "key");
    assertNullRefused(() -> tier.getAll(nullOf()), "keys");
    assertNullRefused(() -> tier.putSync(nullOf(), entry), "key");
    assertNullRefused(() -> tier.putSync("k", nullOf()), "entry");
    assertNullRefused(() -> tier.put(nullOf(), entry), "key");
    assertNullRefused(() -> tier.putAll(nullOf()), "entries");
    assertNullRefused(() -> tier.putSyncIf(nullOf(), entry, () -> true), "key");
    assertNullRefused(() -> tier.putSyncIf("k", nullOf(), () -> true), "entry");
    assertNullRefused(() -> tier.putSyncIf("k", entry, nullOf()), "condition");
    assertNullRefused(() -> tier.invalidateSync(nullOf()), "key");
    assertNullRefused(() -> tier.invalidate(nullOf()), "key");
    assertNullRefused(() -> tier.invalidateByTagSync(nullOf()), "tag");
    assertNullRefused(() -> tier.invalidateByTag(nullOf()), "tag");
    assertNullRefused(() -> tier.keysByTag(nullOf()), "tag");

    assertThat(tier.estimatedSize()).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertNullRefused(ThrowingCallable call, String argument) {
    assertThatThrownBy(call)
        .isInstanceOf(NullPointerException.class)
        .hasMessage(argument + " must not be null");
  }

  /** A null where the signature says non-null, to prove the check. */
  private static <T> T nullOf() {
    return null;
  }

  private static List<Option<?>> allOptions() {
    List<Option<?>> all = new ArrayList<>(new CaffeineBackendProvider().options());
    all.addAll(CommonOptions.ALL);
    return all;
  }

  /** A codec that cannot encode the value {@code refused}. */
  private static final class RefusingCodec implements ValueCodec<String> {
    @Override
    public String id() {
      return "refusing";
    }

    @Override
    public byte[] encode(String value) {
      if (value.equals("refused")) {
        throw new IllegalArgumentException("cannot encode '" + value + "'");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
