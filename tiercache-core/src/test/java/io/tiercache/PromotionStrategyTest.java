package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.ValueCodec;
import io.tiercache.config.InvalidTierUriException;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.PromotionContext;
import io.tiercache.spi.PromotionStrategy;
import io.tiercache.testing.MapTier;
import io.tiercache.testing.MapTierProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromotionStrategyTest {

  static final String HIT_COUNT_USAGE =
      "'hit-count' or 'hit-count:<N>' with N from 1 to 15 (default 3)";
  static final String HIT_RATE_USAGE =
      "'hit-rate:<N>/<window>[/<memory>]' with N from 1 to 15, window a duration like '1m' or a"
          + " number of requests like '40000r', memory a size like '256KB' (default 1MB)";
  static final String ADAPTIVE_USAGE =
      "'adaptive' or 'adaptive:<N>' (the default: follows the best fixed rule in miniature"
          + " simulations of the tier, sampling keys so that each miniature holds at most N"
          + " entries, N from 16 to 512, default 512)";
  static final String ALL_USAGES =
      "one of: 'every-other' or 'every-other:<N>' with N from 2 to 9; " + ADAPTIVE_USAGE
          + "; 'always'; 'never'; " + HIT_COUNT_USAGE + "; " + HIT_RATE_USAGE;

  private final ManualClock clock = new ManualClock();
  private final PromotionStrategies strategies = PromotionStrategies.load();
  private final PromotionContext recencyTier =
      new PromotionContext("l1", BackendCapabilities.inProcess().build(), clock);

  private PromotionStrategy create(String spec) {
    return strategies.create(spec, recencyTier);
  }

  @Test
  void builtInsAndTheTestStrategyAreDiscovered() {
    assertThat(strategies.names())
        .contains("always", "never", "hit-count", "hit-rate", "adaptive", "every-other");
    assertThat(strategies.failures()).isEmpty();
    assertThat(PromotionStrategies.load()).isSameAs(strategies);
    assertThat(strategies.provider("HIT-COUNT")).isPresent();
  }

  @Test
  void alwaysAndNever() {
    PromotionStrategy always = create("always");
    PromotionStrategy never = create("never");
    for (int i = 0; i < 5; i++) {
      assertThat(always.shouldPromote("k", clock.millis())).isTrue();
      assertThat(never.shouldPromote("k", clock.millis())).isFalse();
    }
  }

  @Test
  void hitCountPromotesOnTheNthHitDefaultThree() {
    PromotionStrategy strategy = create("hit-count");
    assertThat(strategy.shouldPromote("k", 0)).isFalse();
    assertThat(strategy.shouldPromote("other", 0)).isFalse();
    assertThat(strategy.shouldPromote("k", 0)).isFalse();
    assertThat(strategy.shouldPromote("k", 0)).isTrue();
    assertThat(strategy.toString()).isEqualTo("hit-count:3");

    PromotionStrategy one = create("hit-count:1");
    assertThat(one.shouldPromote("k", 0)).isTrue();

    PromotionStrategy five = create("HIT-COUNT:5");
    for (int i = 1; i < 5; i++) {
      assertThat(five.shouldPromote("k", 0)).isFalse();
    }
    assertThat(five.shouldPromote("k", 0)).isTrue();
  }

  @Test
  void hitCountForgetsAKey() {
    PromotionStrategy strategy = create("hit-count:2");
    assertThat(strategy.shouldPromote("k", 0)).isFalse();
    strategy.forget("k");
    assertThat(strategy.shouldPromote("k", 0)).isFalse();
    assertThat(strategy.shouldPromote("k", 0)).isTrue();
    strategy.clear();
    assertThat(strategy.shouldPromote("k", 0)).isFalse();
  }

  @Test
  void hitRateOverTimeCountsOnlyHitsInsideTheSlidingWindow() {
    try (TieredCache<String> cache = stack("promote=hit-rate:3/1m")) {
      cache.put("spread", "v");
      cache.put("burst", "v");
      // "spread": hits 40 s apart; never three within one minute until the fourth.
      assertThat(readPromotes(cache, "spread")).isFalse(); // t = 0
      clock.advance(Duration.ofSeconds(40));
      assertThat(readPromotes(cache, "spread")).isFalse(); // t = 40 s
      clock.advance(Duration.ofSeconds(40));
      assertThat(readPromotes(cache, "spread")).isFalse(); // t = 80 s: only 40 s and 80 s
      clock.advance(Duration.ofSeconds(20));
      assertThat(readPromotes(cache, "spread")).isTrue(); // t = 100 s: 40, 80, 100

      assertThat(readPromotes(cache, "burst")).isFalse();
      clock.advance(Duration.ofSeconds(10));
      assertThat(readPromotes(cache, "burst")).isFalse();
      clock.advance(Duration.ofSeconds(10));
      assertThat(readPromotes(cache, "burst")).isTrue();
    }
  }

  @Test
  void hitRateOverRequestsCountsOnlyTheLastRequestsReachingTheTier() {
    PromotionStrategy strategy = create("hit-rate:2/10r");
    request(strategy, "k");
    for (int i = 0; i < 20; i++) {
      strategy.recordAccess("other-" + i, false, 0);
    }
    assertThat(request(strategy, "k")).as("the first hit is 21 requests old").isFalse();
    assertThat(request(strategy, "k")).isTrue();
    assertThat(strategy.toString()).isEqualTo("hit-rate:2/10r");
    assertThat(create("hit-rate:5/1m").toString()).isEqualTo("hit-rate:5/60000ms");
  }

  @Test
  void hitRateOverFortyThousandRequestsThroughTheCache() {
    try (TieredCache<String> cache = stack("promote=hit-rate:2/40000r")) {
      cache.put("k", "v");
      assertThat(readPromotes(cache, "k")).isFalse();
      for (int i = 0; i < 50_000; i++) {
        cache.getIfPresent("miss-" + i);
      }
      assertThat(readPromotes(cache, "k")).as("50000 requests later").isFalse();
      assertThat(readPromotes(cache, "k")).isTrue();
    }
  }

  @Test
  void defaultOverATierThatAdmitsByFrequencyIsAlways() {
    MapTier<String> l1 =
        new MapTier<>("l1", clock, BackendCapabilities.inProcess().admitsByFrequency(true).build());
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(l1)
            .tier(new MapTier<>("l2", clock))
            .build()) {
      assertThat(cache.promotionStrategy(1).orElseThrow().toString()).isEqualTo("always");
      assertThat(cache.promotionStrategy(2)).isEmpty();
      cache.put("k", "v");
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(l1.raw("k")).isNotNull();
    }
  }

  @Test
  void defaultOverASizedRecencyTierAdaptsStartingFromAHitRateGateSizedByTheTier() {
    MapTier<String> sized =
        new MapTier<>("l1", clock, BackendCapabilities.inProcess().maximumEntries(1000).build());
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(sized)
            .tier(new MapTier<>("l2", clock))
            .build()) {
      assertThat(cache.promotionStrategy(1).orElseThrow().toString())
          .isEqualTo("adaptive: write-through hit-rate:2/4000r (of 12 candidates simulated on"
              + " 51.2% of the keys over LRU; 0 changes)");
      cache.put("k", "v");
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(sized.raw("k")).as("one hit is not enough").isNull();
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
      assertThat(sized.raw("k")).isNotNull();
    }
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .tier(new MapTier<>("l1", clock))
            .tier(new MapTier<>("l2", clock))
            .build()) {
      assertThat(cache.promotionStrategy(1).orElseThrow().toString())
          .isEqualTo("hit-rate:2/60000ms");
    }
  }

  @Test
  void customStrategyFromTheTestSourcesIsUsedByName() {
    MapTier<String> l1 = new MapTier<>("l1", clock);
    try (TieredCache<String> cache =
        TieredCache.builder(ValueCodec.utf8())
            .clock(clock)
            .writePolicy(WritePolicy.WRITE_AROUND)
            .tier(l1, "promote=every-other")
            .tier(new MapTier<>("l2", clock))
            .build()) {
      for (int i = 1; i <= 4; i++) {
        cache.put("k" + i, "v");
      }
      for (int i = 1; i <= 4; i++) {
        assertThat(cache.getIfPresent("k" + i)).isEqualTo("v");
      }

      assertThat(l1.raw("k1")).isNull();
      assertThat(l1.raw("k2")).isNotNull();
      assertThat(l1.raw("k3")).isNull();
      assertThat(l1.raw("k4")).isNotNull();
      assertThat(cache.promotionStrategy(1).orElseThrow().toString())
          .isEqualTo("every-other:2 for l1");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hit-count:0 | " + HIT_COUNT_USAGE,
        "hit-count:16 | " + HIT_COUNT_USAGE,
        "hit-count:x | " + HIT_COUNT_USAGE,
        "hit-rate | " + HIT_RATE_USAGE,
        "hit-rate:5/xyz | " + HIT_RATE_USAGE,
        "hit-rate:16/1m | " + HIT_RATE_USAGE,
        "hit-rate:2/0r | " + HIT_RATE_USAGE,
        "always:1 | 'always' without an argument",
        "adaptive:8 | " + ADAPTIVE_USAGE,
        "adaptive:x | " + ADAPTIVE_USAGE,
        "never:x | 'never' without an argument",
        "every-other:1 | 'every-other' or 'every-other:<N>' with N from 2 to 9",
      })
  void badArgumentsAreReportedWithTheExpectedForm(String spec, String message) {
    assertThatThrownBy(() -> strategies.check(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void unknownStrategyListsTheKnownOnesWithADidYouMean() {
    assertThatThrownBy(() -> strategies.check("bogus")).hasMessage(ALL_USAGES);
    assertThatThrownBy(() -> strategies.check("hit-cont:3"))
        .hasMessage(ALL_USAGES + " (did you mean 'hit-count'?)");
    assertThatThrownBy(() -> PromotionStrategies.of(List.of()).check("always"))
        .hasMessage("a known strategy, but none is installed");
  }

  @Test
  void badPromoteInATierUriIsReportedByTheRegistry() {
    BackendRegistry registry = BackendRegistry.of(List.of(new MapTierProvider()));
    assertThatThrownBy(() -> registry.check("map://?promote=bogus | map://?promote=hit-count:0"))
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessage(
            "Invalid tier L1 'map://?promote=bogus':\n"
                + "  promote was 'bogus' but must be " + ALL_USAGES + "\n"
                + "Invalid tier L2 'map://?promote=hit-count:0':\n"
                + "  promote was 'hit-count:0' but must be " + HIT_COUNT_USAGE);
  }

  @Test
  void badPromoteOfAnOpenTierIsReportedByTheBuilder() {
    assertThatThrownBy(
            () ->
                TieredCache.builder(ValueCodec.utf8())
                    .tier(new MapTier<>("a", clock), "promote=hit-count:99")
                    .tier(new MapTier<>("b", clock), "promote=always")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid tier stack:\n"
                + "  tier L1: promote was 'hit-count:99' but must be " + HIT_COUNT_USAGE + "\n"
                + "  tier L2: promote is set on the lowest tier, which nothing is promoted into;"
                + " set it on the tiers above");
    assertThatThrownBy(
            () ->
                TieredCache.builder(ValueCodec.utf8())
                    .tier(new MapTier<>("a", clock), "promote=Bogus")
                    .tier(new MapTier<>("b", clock))
                    .build())
        .isInstanceOf(InvalidTierUriException.class)
        .hasMessageContaining(
            "promote was 'Bogus' but must be <strategy>[:<argument>] such as 'always',"
                + " 'hit-count:3' or 'hit-rate:5/1m'");
  }

  private final MapTier<String> stackL1 = new MapTier<>("l1", clock);

  private TieredCache<String> stack(String l1Options) {
    return TieredCache.builder(ValueCodec.utf8())
        .clock(clock)
        .writePolicy(WritePolicy.WRITE_AROUND)
        .tier(stackL1, l1Options)
        .tier(new MapTier<>("l2", clock))
        .build();
  }

  /** Reads a key held only below L1, tells whether the read promoted it, then drops L1's copy. */
  private boolean readPromotes(TieredCache<String> cache, String key) {
    long before = cache.stats().tier(1).promotionsIn();
    assertThat(cache.getIfPresent(key)).isEqualTo("v");
    boolean promoted = cache.stats().tier(1).promotionsIn() > before;
    assertThat(stackL1.raw(key) != null).isEqualTo(promoted);
    stackL1.evict(key);
    return promoted;
  }

  private static boolean request(PromotionStrategy strategy, String key) {
    strategy.recordAccess(key, false, 0);
    return strategy.shouldPromote(key, 0);
  }
}
