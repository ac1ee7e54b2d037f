package io.tiercache.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.BackendRegistry;
import io.tiercache.CacheStats;
import io.tiercache.TieredCache;
import io.tiercache.WritePolicy;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The rules only a stack of tiers has: promotion keeps an entry's lifetime, no read brings back
 * an older value, tags and invalidations span every tier, and the write policies fill the tiers
 * they say. A stack's test extends this class and names its tiers:
 *
 * <pre>{@code
 * class CaffeineOverRedisStackTest extends StackContract {
 *   @Override protected List<String> tierUris() {
 *     return List.of("caffeine://?maximumSize=10000", "redis://127.0.0.1:" + port + "/0");
 *   }
 * }
 * }</pre>
 *
 * <p>The kit builds each stack itself with {@link TieredCache#builder}, adding to the URIs only
 * the common options a rule needs ({@code promote=always} on the upper tiers, a small
 * {@code maxEntrySize} on L1), and chooses the write policy per rule. Give URIs without
 * {@code promote} or {@code maxEntrySize}. The stack gets a {@link ManualClock} when every tier
 * honours the clock; otherwise rules that need time to pass wait for it with a deadline. The rules
 * are numbered S1 to S10 and described in the kit's {@code SPEC.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class StackContract {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final List<TieredCache<String>> opened = new ArrayList<>();
  private @Nullable ManualClock manualClock;
  private String namespace = "";

  /** Creates the contract; subclasses are instantiated by JUnit. */
  protected StackContract() {}

  /**
   * Returns the stack's tier URIs, L1 first: at least two, without {@code promote} or
   * {@code maxEntrySize}.
   *
   * @return the tier URIs
   */
  protected abstract List<String> tierUris();

  /**
   * Returns the registry that opens the tiers; {@link BackendRegistry#load()} by default.
   *
   * @return the registry
   */
  protected BackendRegistry registry() {
    return BackendRegistry.load();
  }

  /**
   * Returns the lifetime of short-lived entries when some tier keeps its own time.
   *
   * @return the lifetime; 300 ms by default
   */
  protected Duration shortTtl() {
    return Duration.ofMillis(300);
  }

  // ---------------------------------------------------------------------------------------------
  // Life cycle

  /** Chooses the clock (manual if every tier honours it) and a namespace for the rule's keys. */
  @BeforeEach
  protected final void prepareStack() {
    assertThat(tierUris()).as("a stack contract needs at least two tiers").hasSizeGreaterThan(1);
    namespace = "tck-stack-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
        + ":";
    ManualClock clock = new ManualClock();
    TieredCache<String> probe = open(WritePolicy.WRITE_THROUGH, false, clock);
    manualClock = probe.capabilities().honoursClock() ? clock : null;
    probe.close();
    opened.remove(probe);
  }

  /** Clears and closes the stacks the rule opened. */
  @AfterEach
  protected final void closeStacks() {
    for (TieredCache<String> stack : opened) {
      try {
        await(stack.clear());
      } finally {
        stack.close();
      }
    }
    opened.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Rules

  /** S1: a promoted entry keeps its absolute expiry and stale window. */
  @Test
  @Order(1)
  @DisplayName("S1 a promoted entry keeps its exact remaining lifetime")
  public final void promotionKeepsTheExactRemainingLifetime() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_AROUND, false);
    String k = key("k");
    stack.put(k, "v", TEN_MINUTES, Set.of());
    pass(Duration.ofMinutes(3));
    CacheEntry<String> fromBelow = await(stack.get(k));
    assertThat(fromBelow).as("the first read, from the lowest tier").isNotNull();
    long l1Hits = stack.stats().tier(1).hits() + stack.stats().tier(1).staleHits();
    CacheEntry<String> fromL1 = await(stack.get(k));
    assertThat(stack.stats().tier(1).hits() + stack.stats().tier(1).staleHits())
        .as("the second read is answered by L1, where the first promoted the entry")
        .isEqualTo(l1Hits + 1);
    assertThat(fromL1).as("the promoted entry, read from L1").isNotNull();
    assertThat(fromL1.expiresAt()).as("expiresAt after promotion").isEqualTo(fromBelow.expiresAt());
    assertThat(fromL1.staleUntil())
        .as("staleUntil after promotion")
        .isEqualTo(fromBelow.staleUntil());
  }

  /** S2: an entry found stale below is promoted stale, never made fresh. */
  @Test
  @Order(2)
  @DisplayName("S2 a stale entry is promoted as stale, never made fresh")
  public final void staleEntryIsPromotedAsStale() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_AROUND, false);
    String k = key("k");
    Duration ttl = manualClock != null ? Duration.ofSeconds(30) : shortTtl();
    stack.putAsync(k, "v", ttl, ttl.multipliedBy(20), Set.of()).join();
    // Not read yet, so only the lowest tier holds it; let it go stale there.
    passUntil(now() + ttl.toMillis() + 1);
    CacheEntry<String> stale = await(stack.get(k));
    assertThat(stale).as("read past expiresAt, inside the stale window").isNotNull();
    assertThat(stale.isStale(now())).as("the entry read is stale").isTrue();
    CacheEntry<String> again = await(stack.get(k));
    assertThat(again).as("read again, from L1").isNotNull();
    assertThat(again.expiresAt())
        .as("the promoted copy keeps the expiry it had: it stays stale")
        .isEqualTo(stale.expiresAt());
    assertThat(again.isFresh(now())).as("the promoted copy is not fresh").isFalse();
  }

  /** S3: invalidate removes a key from every tier. */
  @Test
  @Order(3)
  @DisplayName("S3 invalidate removes the key from every tier")
  public final void invalidateReachesEveryTier() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_THROUGH, false);
    String k = key("k");
    stack.put(k, "v");
    assertThat(stack.getIfPresent(k)).isEqualTo("v");
    assertThat(await(stack.invalidate(k))).as("invalidate of a stored key").isTrue();
    assertThat(stack.getIfPresent(k)).as("read after invalidate (every tier misses)").isNull();
    assertThat(await(stack.invalidate(k))).as("invalidate again").isFalse();
  }

  /** S4: a newer put hides a value promoted earlier, in every tier. */
  @Test
  @Order(4)
  @DisplayName("S4 a newer put hides a promoted value in every tier")
  public final void newerPutHidesThePromotedValue() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_AROUND, false);
    String k = key("k");
    stack.put(k, "old");
    assertThat(stack.getIfPresent(k)).isEqualTo("old");
    assertThat(stack.getIfPresent(k)).as("now held by L1 too").isEqualTo("old");
    stack.put(k, "new");
    assertThat(stack.getIfPresent(k)).as("read after the newer put").isEqualTo("new");
    assertThat(stack.getIfPresent(k)).as("read again").isEqualTo("new");
  }

  /**
   * S5: under concurrent promoting reads, no read returns a value older than a completed write.
   *
   * @throws Exception if a reader thread fails
   */
  @Test
  @Order(5)
  @DisplayName("S5 no read returns a value older than a completed write or invalidation")
  public final void noResurrectionUnderConcurrentPromotion() throws Exception {
    TieredCache<String> stack = stack(WritePolicy.WRITE_AROUND, false);
    int keys = 4;
    int versions = 300;
    // Per key: 2 * version after a completed put of that version, 2 * version + 1 after a
    // completed invalidation that followed it.
    AtomicLongArray floor = new AtomicLongArray(keys);
    AtomicBoolean done = new AtomicBoolean();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(
            pool.submit(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  while (!done.get()) {
                    int i = random.nextInt(keys);
                    long before = floor.get(i);
                    String value = stack.getIfPresent(key("hot-" + i));
                    if (value == null) {
                      continue;
                    }
                    long version = Long.parseLong(value.substring(1));
                    if (version * 2 < before) {
                      violations.add(
                          "key " + i + ": read v" + version + " after state " + before
                              + " had completed");
                    }
                  }
                }));
      }
      for (long v = 1; v <= versions; v++) {
        for (int i = 0; i < keys; i++) {
          stack.put(key("hot-" + i), "v" + v);
          floor.set(i, v * 2);
          if (v % 7 == 0) {
            await(stack.invalidate(key("hot-" + i)));
            floor.set(i, v * 2 + 1);
          }
        }
      }
      done.set(true);
      for (Future<?> reader : readers) {
        reader.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    assertThat(violations).as("reads that returned an older value").isEmpty();
    for (int i = 0; i < keys; i++) {
      assertThat(stack.getIfPresent(key("hot-" + i)))
          .as("final value of key %s", i)
          .isEqualTo(versions % 7 == 0 ? null : "v" + versions);
    }
  }

  /** S6: invalidateByTag removes the tagged keys from every tier and counts each key once. */
  @Test
  @Order(6)
  @DisplayName("S6 tag invalidation spans every tier and counts each key once")
  public final void tagInvalidationCountsEachKeyOnceAcrossTiers() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_THROUGH, false);
    Assumptions.assumeTrue(stack.capabilities().tags(), "needs every tier to index tags");
    String a = key("a");
    String b = key("b");
    String c = key("c");
    String t = tag("t");
    stack.put(a, "a", TEN_MINUTES, Set.of(t));
    stack.put(b, "b", TEN_MINUTES, Set.of(t, tag("u")));
    stack.put(c, "c", TEN_MINUTES, Set.of(tag("u")));
    assertThat(await(stack.keysByTag(t))).as("keysByTag before").containsExactlyInAnyOrder(a, b);
    assertThat(await(stack.invalidateByTag(t)))
        .as("keys removed, each once although every tier held it")
        .containsExactlyInAnyOrder(a, b);
    assertThat(stack.getIfPresent(a)).isNull();
    assertThat(stack.getIfPresent(b)).isNull();
    assertThat(stack.getIfPresent(c)).isEqualTo("c");
    assertThat(await(stack.keysByTag(t))).as("keysByTag after").isEmpty();
    assertThat(await(stack.tags())).as("tags() after").doesNotContain(t).contains(tag("u"));
  }

  /** S7: keysByTag and tags() are the union of what the tiers hold. */
  @Test
  @Order(7)
  @DisplayName("S7 keysByTag and tags() are the union of the tiers")
  public final void tagsAreTheUnionOfTheTiers() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_AROUND, false);
    Assumptions.assumeTrue(stack.capabilities().tags(), "needs every tier to index tags");
    String low = key("low");
    String both = key("both");
    stack.put(low, "low", TEN_MINUTES, Set.of(tag("t")));
    stack.put(both, "both", TEN_MINUTES, Set.of(tag("t"), tag("u")));
    assertThat(stack.getIfPresent(both)).as("promote 'both' into L1").isEqualTo("both");
    assertThat(await(stack.keysByTag(tag("t")))).containsExactlyInAnyOrder(low, both);
    assertThat(await(stack.tags())).contains(tag("t"), tag("u"));
    assertThat(await(stack.invalidateByTag(tag("u")))).containsExactly(both);
    assertThat(await(stack.keysByTag(tag("t")))).containsExactly(low);
  }

  /** S8: write-through fills every tier; write-around only the lowest. */
  @Test
  @Order(8)
  @DisplayName("S8 write-through fills every tier, write-around only the lowest")
  public final void writePoliciesFillTheTiersTheySay() {
    TieredCache<String> through = stack(WritePolicy.WRITE_THROUGH, false);
    String k = key("through");
    through.put(k, "v");
    long l1Hits = through.stats().tier(1).hits();
    assertThat(through.getIfPresent(k)).isEqualTo("v");
    assertThat(through.stats().tier(1).hits())
        .as("write-through: the first read is an L1 hit")
        .isEqualTo(l1Hits + 1);

    TieredCache<String> around = stack(WritePolicy.WRITE_AROUND, false);
    String j = key("around");
    around.put(j, "v");
    CacheStats before = around.stats();
    assertThat(around.getIfPresent(j)).isEqualTo("v");
    CacheStats after = around.stats();
    assertThat(after.tier(1).misses())
        .as("write-around: the first read misses L1")
        .isEqualTo(before.tier(1).misses() + 1);
    int lowest = tierUris().size();
    assertThat(after.tier(lowest).hits())
        .as("write-around: the first read is answered by the lowest tier")
        .isEqualTo(before.tier(lowest).hits() + 1);
  }

  /** S9: an entry too large for an upper tier skips it and removes the old copy there. */
  @Test
  @Order(9)
  @DisplayName("S9 an entry too large for L1 skips it and removes L1's older copy")
  public final void entryTooLargeForAnUpperTierRemovesTheOldCopy() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_THROUGH, true);
    String k = key("k");
    stack.put(k, "small");
    assertThat(stack.getIfPresent(k)).isEqualTo("small");
    String large = "L".repeat(1_000);
    long skipped = stack.stats().tier(1).skippedWrites();
    stack.put(k, large);
    assertThat(stack.stats().tier(1).skippedWrites())
        .as("L1 skipped the large write")
        .isEqualTo(skipped + 1);
    assertThat(stack.getIfPresent(k)).as("read after the large write").isEqualTo(large);
    assertThat(stack.getIfPresent(k)).as("read again (L1 never holds it)").isEqualTo(large);
  }

  /** S10: clear empties every tier. */
  @Test
  @Order(10)
  @DisplayName("S10 clear empties every tier")
  public final void clearEmptiesEveryTier() {
    TieredCache<String> stack = stack(WritePolicy.WRITE_AROUND, false);
    String a = key("a");
    String b = key("b");
    stack.put(a, "a");
    stack.put(b, "b");
    assertThat(stack.getIfPresent(a)).as("promote a into L1").isEqualTo("a");
    await(stack.clear());
    assertThat(stack.getIfPresent(a)).isNull();
    assertThat(stack.getIfPresent(b)).isNull();
    Map<String, CacheEntry<String>> found = await(stack.getAll(List.of(a, b)));
    assertThat(found).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private TieredCache<String> stack(WritePolicy policy, boolean smallL1) {
    return open(policy, smallL1, manualClock != null ? manualClock : TierClock.system());
  }

  private TieredCache<String> open(WritePolicy policy, boolean smallL1, TierClock clock) {
    List<String> uris = tierUris();
    List<String> adjusted = new ArrayList<>(uris.size());
    for (int i = 0; i < uris.size(); i++) {
      String uri = uris.get(i);
      if (i < uris.size() - 1) {
        uri = withParameter(uri, "promote=always");
      }
      if (i == 0 && smallL1) {
        uri = withParameter(uri, "maxEntrySize=256");
      }
      adjusted.add(uri);
    }
    TieredCache<String> stack =
        TieredCache.builder(ValueCodec.utf8())
            .registry(registry())
            .clock(clock)
            .writePolicy(policy)
            .defaultTtl(Duration.ofHours(1))
            .tiers(adjusted)
            .build();
    opened.add(stack);
    return stack;
  }

  private static String withParameter(String uri, String parameter) {
    return uri + (uri.indexOf('?') >= 0 ? "&" : "?") + parameter;
  }

  private String key(String name) {
    return namespace + name;
  }

  private String tag(String name) {
    return namespace + name;
  }

  private long now() {
    return manualClock != null ? manualClock.millis() : System.currentTimeMillis();
  }

  /** Lets a span of time pass: on the manual clock at once, else by waiting for it. */
  private void pass(Duration span) {
    if (manualClock != null) {
      manualClock.advance(span);
    }
    // With real time, rules that call pass() do not depend on the span having elapsed.
  }

  /** Lets time pass until an instant. */
  private void passUntil(long millis) {
    if (manualClock != null) {
      if (manualClock.millis() < millis) {
        manualClock.advanceMillis(millis - manualClock.millis());
      }
      return;
    }
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (System.currentTimeMillis() < millis) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("time did not reach " + millis + " within " + AWAIT);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static <T> T await(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    try {
      return future.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the operation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not complete within " + AWAIT, e);
    }
  }
}
