package io.tiercache.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tiercache.BackendRegistry;
import io.tiercache.TierSpec;
import io.tiercache.codec.EntryFormat;
import io.tiercache.codec.ValueCodec;
import io.tiercache.config.CommonOptions;
import io.tiercache.config.Option;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendCapabilities;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierClock;
import io.tiercache.spi.TierEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
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
 * The contract every tiercache backend must pass. A backend's test extends this class and names
 * its tier:
 *
 * <pre>{@code
 * class MyStoreContractTest extends BackendContract {
 *   @Override protected String tierUri() { return "mystore://?path=" + tempDir; }
 *   @Override protected void corruptStoredValue(CacheBackend<?> backend, String key) {
 *     MyStore.rawPut(key, "not an entry".getBytes(UTF_8));
 *   }
 * }
 * }</pre>
 *
 * <p>JUnit then runs one test per rule of the kit's {@code SPEC.md}, each displayed with its
 * number ({@code R1 ...}). Every test gets a fresh backend, opened by {@link #openBackend} (by
 * default through {@link BackendRegistry#load()} from {@link #tierUri()}), cleared before and
 * after the test and then closed. Keys and tags are prefixed with a random namespace per test, so
 * a shared store (a Redis server, a Hazelcast cluster) can serve many runs.
 *
 * <p>Capabilities come from {@link CacheBackend#capabilities()}: a rule that needs one the backend
 * does not declare is reported by JUnit as skipped (aborted), with the capability named in the
 * reason. When the backend {@link BackendCapabilities#honoursClock() honours the clock} it is given
 * a {@link ManualClock} and expiry is checked to the millisecond without waiting; otherwise
 * entries get real lifetimes of {@link #shortTtl()} and the kit waits for them to pass, allowing
 * the store's clock {@link #clockTolerance()} of lag.
 *
 * <p>The model-based rule runs {@code tiercache.tck.sequences} random sequences (system property,
 * default 1,000); set {@code tiercache.tck.seed} to replay the one sequence a failure printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class BackendContract {

  /** Largest value tested by rule R17 when the backend declares no entry size limit. */
  private static final long UNBOUNDED_VALUE_BYTES = 4L << 20;

  private static final Duration LONG_TTL = Duration.ofHours(1);
  private static final Duration LONG_STALE = Duration.ofMinutes(10);
  private static final Duration MANUAL_TTL = Duration.ofSeconds(60);
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  /** Whether backends of each contract class honour the clock, learnt from the first test. */
  private static final Map<Class<?>, Boolean> HONOURS_CLOCK = new ConcurrentHashMap<>();

  private final List<CacheBackend<?>> opened = new ArrayList<>();
  private final Set<CacheBackend<?>> closedByRule =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private @Nullable CacheBackend<String> backend;
  private @Nullable ManualClock manualClock;
  private @Nullable BackendCapabilities capabilities;
  private RecordingEvents events = new RecordingEvents();
  private String namespace = "";

  /** Creates the contract; subclasses are instantiated by JUnit. */
  protected BackendContract() {}

  // ---------------------------------------------------------------------------------------------
  // What a backend's test supplies

  /**
   * Returns the URI of the tier under test, such as {@code caffeine://?maximumSize=1000}. It is
   * opened by the default {@link #openBackend}, and read by the registration rules (its scheme)
   * and the name rule (its credentials).
   *
   * @return the tier URI
   */
  protected abstract String tierUri();

  /**
   * Opens a new backend of the tier under test. The default checks and opens {@link #tierUri()}
   * through {@link BackendRegistry#load()}; override it to build the backend another way (a
   * factory, a server started by the test). Each call must return a new, open backend: over the
   * same store for a shared tier; an in-process tier may return a new, empty store (R17 and R29
   * open a second backend while the first is still open).
   *
   * @param codec the value codec
   * @param clock the clock the backend must judge expiry by, if it {@linkplain
   *     BackendCapabilities#honoursClock() honours} one
   * @param events where the backend reports corrupt entries and expiries
   * @param <V> the value type
   * @return the open backend
   */
  protected <V> CacheBackend<V> openBackend(
      ValueCodec<V> codec, TierClock clock, TierEvents events) {
    BackendRegistry registry = BackendRegistry.load();
    TierSpec spec = registry.checkTier(tierUri());
    return registry.open(spec, codec, clock, events);
  }

  /**
   * Writes foreign or damaged bytes under a key directly in the store, bypassing the backend, so
   * that rule R21 can check that they read as a miss. For instance, write the bytes of
   * {@code "not a tiercache entry"}, or flip a byte of what is stored. The default aborts R21,
   * which is then reported as skipped.
   *
   * @param backend the backend under test, opened by {@link #openBackend}
   * @param key the key, as the backend was given it (before any prefix the backend adds)
   */
  protected void corruptStoredValue(CacheBackend<?> backend, String key) {
    Assumptions.abort("override corruptStoredValue to run this rule");
  }

  /**
   * Returns the lifetime of short-lived entries when the backend keeps its own time (does not
   * honour the clock). Rules that wait for expiry wait about twice this long.
   *
   * @return the lifetime; 300 ms by default
   */
  protected Duration shortTtl() {
    return Duration.ofMillis(300);
  }

  /**
   * Returns how far the store's expiry may lag behind the test's wall clock, when the backend
   * keeps its own time: an entry must read as present until {@code staleUntil} minus this, and as
   * gone from {@code staleUntil} plus this.
   *
   * @return the tolerance; 50 ms by default
   */
  protected Duration clockTolerance() {
    return Duration.ofMillis(50);
  }

  /**
   * Returns the backend opened for the current test, with {@link ValueCodec#utf8()}.
   *
   * @return the backend
   * @throws IllegalStateException outside a test
   */
  protected final CacheBackend<String> backend() {
    CacheBackend<String> current = backend;
    if (current == null) {
      throw new IllegalStateException("no backend is open: call backend() only inside a test");
    }
    return current;
  }

  // ---------------------------------------------------------------------------------------------
  // Life cycle

  /**
   * Opens a fresh backend for the test: with a {@link ManualClock} if it honours the clock,
   * otherwise with the system clock; then clears it.
   */
  @BeforeEach
  protected final void openFreshBackend() {
    namespace = "tck-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ":";
    events = new RecordingEvents();
    Boolean honours = HONOURS_CLOCK.get(getClass());
    CacheBackend<String> fresh;
    if (honours == null || honours) {
      ManualClock clock = new ManualClock();
      fresh = track(openBackend(ValueCodec.utf8(), clock, events));
      boolean declared = fresh.capabilities().honoursClock();
      HONOURS_CLOCK.put(getClass(), declared);
      if (declared) {
        manualClock = clock;
      } else {
        fresh.close();
        opened.remove(fresh);
        fresh = track(openBackend(ValueCodec.utf8(), TierClock.system(), events));
      }
    } else {
      fresh = track(openBackend(ValueCodec.utf8(), TierClock.system(), events));
    }
    backend = fresh;
    capabilities = fresh.capabilities();
    await(fresh.clear(), "clear() of a freshly opened backend");
  }

  /** Clears and closes every backend the test opened; failures are reported after all closed. */
  @AfterEach
  protected final void clearAndCloseBackends() {
    AssertionError failure = null;
    List<CacheBackend<?>> all = new ArrayList<>(opened);
    Collections.reverse(all);
    for (CacheBackend<?> each : all) {
      if (closedByRule.contains(each)) {
        continue;
      }
      try {
        await(each.clear(), "clear() after the test");
      } catch (AssertionError | RuntimeException e) {
        failure = failure != null ? failure : new AssertionError("cleaning up failed: " + e, e);
      }
      try {
        each.close();
      } catch (RuntimeException e) {
        failure = failure != null ? failure : new AssertionError("close() failed: " + e, e);
      }
    }
    opened.clear();
    closedByRule.clear();
    backend = null;
    manualClock = null;
    capabilities = null;
    if (failure != null) {
      throw failure;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // R1 - R11: reads, writes, expiry, invalidation, batches

  /** R1: a key never written reads as a miss, alone and in a batch. */
  @Test
  @Order(1)
  @DisplayName("R1 a key never written reads as a miss")
  public final void keyNeverWrittenReadsAsMiss() {
    String never = key("never-written");
    assertThat(read(never)).as("get(%s) of a key never written", never).isNull();
    assertThat(await(backend().getAll(List.of(never, key("other"))), "getAll"))
        .as("getAll of keys never written")
        .isEmpty();
  }

  /** R2: a put entry reads back with its value, expiresAt, staleUntil and tags, every time. */
  @Test
  @Order(2)
  @DisplayName("R2 put then get returns the value with exactly its metadata and tags")
  public final void putThenGetReturnsValueWithItsMetadata() {
    String a = key("a");
    CacheEntry<String> written =
        CacheEntry.of("value of a", now(), Duration.ofMinutes(10), Duration.ofMinutes(5),
            Set.of(tag("x"), tag("y")));
    write(a, written);
    assertThat(read(a)).as("get(a) after put(a)").isEqualTo(written);
    assertThat(read(a)).as("a second get(a): reads do not change the entry").isEqualTo(written);

    String empty = key("empty-value");
    CacheEntry<String> emptyValue = lasting("");
    write(empty, emptyValue);
    assertThat(read(empty)).as("an empty string is a value, not a miss").isEqualTo(emptyValue);
    assertThat(read(key("b"))).as("get of another key").isNull();
  }

  /** R3: a put replaces the entry under its key: value, expiresAt, staleUntil and tags. */
  @Test
  @Order(3)
  @DisplayName("R3 overwrite replaces the value, the metadata and the tags")
  public final void overwriteReplacesValueMetadataAndTags() {
    String a = key("a");
    write(a, CacheEntry.of("first", now(), LONG_TTL, LONG_STALE, Set.of(tag("old"))));
    CacheEntry<String> second = CacheEntry.of("second", now(), ttl(), Duration.ZERO,
        Set.of(tag("new")));
    write(a, second);
    CacheEntry<String> got = read(a);
    requireBefore(second.staleUntil() - clockTolerance().toMillis(),
        "read the short-lived entry that overwrote a lasting one");
    assertThat(got).as("get after overwrite").isEqualTo(second);
    passTo(second.staleUntil() + 1);
    assertThat(read(a))
        .as("get after the second entry is gone (the first would still be live): the lifetime"
            + " was replaced too")
        .isNull();
  }

  /** R4: entries that never expire are kept and returned with {@link CacheEntry#NEVER}. */
  @Test
  @Order(4)
  @DisplayName("R4 entries that never expire are kept and read back with NEVER")
  public final void entriesThatNeverExpireAreKept() {
    String forever = key("forever");
    String staleForever = key("stale-forever");
    CacheEntry<String> never =
        new CacheEntry<>("forever", CacheEntry.NEVER, CacheEntry.NEVER, Set.of(tag("t")));
    CacheEntry<String> stale =
        new CacheEntry<>("stale forever", now() + ttl().toMillis(), CacheEntry.NEVER, Set.of());
    write(forever, never);
    write(staleForever, stale);
    if (manualClock != null) {
      manualClock.advance(Duration.ofDays(3650));
    }
    assertThat(read(forever)).as("an entry with expiresAt = NEVER").isEqualTo(never);
    assertThat(read(staleForever)).as("an entry with staleUntil = NEVER").isEqualTo(stale);
  }

  /**
   * R5: an entry is returned while fresh and while stale, with its metadata, and never from its
   * staleUntil on.
   */
  @Test
  @Order(5)
  @DisplayName("R5 an entry is returned fresh and stale, and never from its staleUntil on")
  public final void entryIsReturnedFreshAndStaleButNotWhenGone() {
    String a = key("a");
    String noStale = key("no-stale-window");
    Duration staleFor = manualClock != null ? Duration.ofSeconds(5) : shortTtl();
    CacheEntry<String> entry = CacheEntry.of("a", now(), ttl(), staleFor, Set.of(tag("t")));
    CacheEntry<String> brief = CacheEntry.of("b", now(), ttl(), Duration.ZERO, Set.of());
    write(a, entry);
    write(noStale, brief);
    if (manualClock != null) {
      passTo(entry.expiresAt() - 1);
      assertThat(read(a)).as("1 ms before expiresAt (fresh)").isEqualTo(entry);
      assertThat(read(noStale)).as("1 ms before expiresAt (fresh)").isEqualTo(brief);
      passTo(entry.expiresAt());
      assertThat(read(a)).as("at expiresAt (stale, still returned)").isEqualTo(entry);
      assertThat(read(noStale)).as("at expiresAt of an entry without stale window").isNull();
      passTo(entry.staleUntil() - 1);
      assertThat(read(a)).as("1 ms before staleUntil (stale)").isEqualTo(entry);
      passTo(entry.staleUntil());
      assertThat(read(a)).as("at staleUntil (gone)").isNull();
      assertThat(read(a)).as("again at staleUntil (gone)").isNull();
    } else {
      long tolerance = clockTolerance().toMillis();
      CacheEntry<String> fresh = read(a);
      requireBefore(entry.expiresAt() - tolerance, "read a fresh entry");
      assertThat(fresh).as("a fresh entry").isEqualTo(entry);
      passTo(entry.expiresAt());
      CacheEntry<String> stale = read(a);
      CacheEntry<String> briefGone = read(noStale);
      requireBefore(entry.staleUntil() - tolerance, "read an entry in its stale window");
      assertThat(stale).as("an entry past expiresAt, before staleUntil (stale)").isEqualTo(entry);
      assertThat(briefGone).as("past expiresAt of an entry without stale window").isNull();
      passTo(entry.staleUntil());
      assertThat(read(a)).as("past staleUntil (gone)").isNull();
    }
  }

  /**
   * R6: a put of an entry already gone stores nothing and removes the entry it replaces; an
   * entry already stale when put is stored.
   */
  @Test
  @Order(6)
  @DisplayName("R6 an entry already gone when put is not stored, and removes the old one")
  public final void entryAlreadyGoneWhenPutIsNotStored() {
    String a = key("a");
    write(a, lasting("old"));
    long now = now();
    write(a, new CacheEntry<>("gone at put", now, now, Set.of(tag("t"))));
    assertThat(read(a))
        .as("get after putting an entry whose staleUntil is the current time")
        .isNull();

    String b = key("b");
    write(b, new CacheEntry<>("long gone", now - 60_000, now - 30_000, Set.of()));
    assertThat(read(b)).as("get after putting an entry gone 30 s ago").isNull();

    String c = key("c");
    CacheEntry<String> stale =
        new CacheEntry<>("stale at put", now - 60_000, now + LONG_TTL.toMillis(), Set.of());
    write(c, stale);
    assertThat(read(c)).as("an entry already stale (not gone) when put is stored").isEqualTo(stale);
  }

  /** R7: invalidate removes the entry and returns true only when it removed one. */
  @Test
  @Order(7)
  @DisplayName("R7 invalidate removes the entry and returns true only when it removed one")
  public final void invalidateReturnsTrueOnlyWhenItRemovedAnEntry() {
    String a = key("a");
    String b = key("b");
    CacheEntry<String> entryB = lasting("b");
    write(a, lasting("a"));
    write(b, entryB);
    assertThat(invalidate(a)).as("invalidate of a stored key").isTrue();
    assertThat(read(a)).as("get after invalidate").isNull();
    assertThat(read(b)).as("another key after invalidate").isEqualTo(entryB);
    assertThat(invalidate(a)).as("a second invalidate of the same key").isFalse();
    assertThat(invalidate(key("never-written"))).as("invalidate of a key never written")
        .isFalse();
  }

  /** R8: invalidate of an entry already gone by the clock removes nothing and returns false. */
  @Test
  @Order(8)
  @DisplayName("R8 invalidate of an entry already gone returns false")
  public final void invalidateOfGoneEntryReturnsFalse() {
    String a = key("a");
    CacheEntry<String> entry = CacheEntry.of("a", now(), ttl(), Duration.ZERO, Set.of());
    write(a, entry);
    passTo(entry.staleUntil());
    assertThat(invalidate(a)).as("invalidate at the entry's staleUntil (no read before)")
        .isFalse();
    assertThat(read(a)).as("get after it").isNull();
  }

  /** R9: clear removes every entry and tag, and the tier stays usable. */
  @Test
  @Order(9)
  @DisplayName("R9 clear removes every entry and every tag, and the tier stays usable")
  public final void clearRemovesEverythingAndTierStaysUsable() {
    String a = key("a");
    String b = key("b");
    String c = key("c");
    write(a, lasting("a", tag("t1")));
    write(b, lasting("b", tag("t2")));
    write(c, lasting("c"));
    await(backend().clear(), "clear()");
    assertThat(read(a)).as("get(a) after clear").isNull();
    assertThat(read(b)).as("get(b) after clear").isNull();
    assertThat(await(backend().getAll(List.of(a, b, c)), "getAll")).as("getAll after clear")
        .isEmpty();
    if (caps().tags()) {
      assertThat(keysByTag(tag("t1"))).as("keysByTag after clear").isEmpty();
      assertThat(ours(tags())).as("tags() after clear").isEmpty();
    }
    CacheEntry<String> after = lasting("after", tag("t1"));
    write(a, after);
    assertThat(read(a)).as("get of an entry put after clear").isEqualTo(after);
  }

  /** R10: getAll returns exactly the entries present, each with its metadata. */
  @Test
  @Order(10)
  @DisplayName("R10 getAll returns exactly the entries present, with their metadata")
  public final void getAllReturnsExactlyTheEntriesPresent() {
    String a = key("a");
    String b = key("b");
    String invalidated = key("invalidated");
    String expired = key("expired");
    CacheEntry<String> entryA = lasting("a", tag("t"));
    CacheEntry<String> entryB =
        CacheEntry.of("b", now(), LONG_TTL, Duration.ZERO, Set.of());
    CacheEntry<String> brief = CacheEntry.of("brief", now(), ttl(), Duration.ZERO, Set.of());
    write(a, entryA);
    write(b, entryB);
    write(invalidated, lasting("invalidated"));
    write(expired, brief);
    invalidate(invalidated);
    passTo(brief.staleUntil() + 1);
    Map<String, CacheEntry<String>> found =
        await(backend().getAll(List.of(a, b, invalidated, expired, key("never"), a)), "getAll");
    assertThat(found)
        .as("getAll of two live keys, an invalidated one, a gone one, one never written and a"
            + " repeated one")
        .isEqualTo(Map.of(a, entryA, b, entryB));
    assertThat(await(backend().getAll(List.of()), "getAll of no key")).isEmpty();
  }

  /** R11: putAll writes every entry with its metadata, replacing what was there. */
  @Test
  @Order(11)
  @DisplayName("R11 putAll writes every entry with its metadata, replacing what was there")
  public final void putAllWritesEveryEntry() {
    String a = key("a");
    String b = key("b");
    String c = key("c");
    String gone = key("gone");
    write(a, lasting("old a", tag("old")));
    write(gone, lasting("old gone"));
    long now = now();
    CacheEntry<String> newA = lasting("new a", tag("new"));
    CacheEntry<String> entryB =
        CacheEntry.of("b", now, LONG_TTL, Duration.ZERO, Set.of(tag("t")));
    CacheEntry<String> entryC = new CacheEntry<>("c", CacheEntry.NEVER, CacheEntry.NEVER,
        Set.of());
    Map<String, CacheEntry<String>> batch = new LinkedHashMap<>();
    batch.put(a, newA);
    batch.put(b, entryB);
    batch.put(c, entryC);
    batch.put(gone, new CacheEntry<>("gone at put", now, now, Set.of()));
    await(backend().putAll(batch), "putAll");
    assertThat(read(a)).as("a key replaced by putAll").isEqualTo(newA);
    assertThat(read(b)).as("a key written by putAll").isEqualTo(entryB);
    assertThat(read(c)).as("a key written by putAll").isEqualTo(entryC);
    assertThat(read(gone)).as("a key given an entry already gone by putAll").isNull();
    await(backend().putAll(Map.of()), "putAll of no entry");
    assertThat(read(a)).as("after putAll of no entry").isEqualTo(newA);
  }

  // ---------------------------------------------------------------------------------------------
  // R12 - R16: tags

  /** R12: keysByTag and tags() list exactly the keys and tags of the stored entries. */
  @Test
  @Order(12)
  @DisplayName("R12 keysByTag and tags() list exactly what the stored entries carry")
  public final void keysByTagAndTagsListExactlyWhatIsStored() {
    requireTags();
    String a = key("a");
    String b = key("b");
    String c = key("c");
    String d = key("d");
    write(a, lasting("a", tag("t1"), tag("t2")));
    write(b, lasting("b", tag("t1")));
    write(c, lasting("c"));
    write(d, lasting("d", tag("t3")));
    assertThat(keysByTag(tag("t1"))).as("keysByTag(t1)").isEqualTo(Set.of(a, b));
    assertThat(keysByTag(tag("t2"))).as("keysByTag(t2)").isEqualTo(Set.of(a));
    assertThat(keysByTag(tag("t3"))).as("keysByTag(t3)").isEqualTo(Set.of(d));
    assertThat(keysByTag(tag("unused"))).as("keysByTag of a tag no entry carries").isEmpty();
    assertThat(ours(tags())).as("tags() (this test's)")
        .isEqualTo(Set.of(tag("t1"), tag("t2"), tag("t3")));
  }

  /**
   * R13: invalidateByTag removes every entry carrying the tag and returns exactly the distinct
   * keys it removed.
   */
  @Test
  @Order(13)
  @DisplayName("R13 invalidateByTag removes the tagged entries and returns each removed key once")
  public final void invalidateByTagReturnsTheDistinctKeysRemoved() {
    requireTags();
    String a = key("a");
    String b = key("b");
    String c = key("c");
    String d = key("d");
    String e = key("e");
    CacheEntry<String> entryC = lasting("c", tag("t2"));
    CacheEntry<String> entryD = lasting("d", tag("t3"));
    CacheEntry<String> entryE = lasting("e");
    write(a, lasting("a", tag("t1"), tag("t2")));
    write(b, lasting("b", tag("t1")));
    write(c, entryC);
    write(d, entryD);
    write(e, entryE);
    assertThat(invalidateByTag(tag("t1"))).as("invalidateByTag(t1)").isEqualTo(Set.of(a, b));
    assertThat(read(a)).as("get(a), tagged t1").isNull();
    assertThat(read(b)).as("get(b), tagged t1").isNull();
    assertThat(read(c)).as("get(c), not tagged t1").isEqualTo(entryC);
    assertThat(read(d)).as("get(d), not tagged t1").isEqualTo(entryD);
    assertThat(read(e)).as("get(e), untagged").isEqualTo(entryE);
    assertThat(keysByTag(tag("t1"))).as("keysByTag(t1) afterwards").isEmpty();
    assertThat(keysByTag(tag("t2"))).as("keysByTag(t2) afterwards").isEqualTo(Set.of(c));
    assertThat(ours(tags())).as("tags() afterwards").isEqualTo(Set.of(tag("t2"), tag("t3")));
    assertThat(invalidateByTag(tag("t1"))).as("a second invalidateByTag(t1)").isEmpty();
    assertThat(invalidateByTag(tag("unused"))).as("invalidateByTag of an unused tag").isEmpty();
  }

  /** R14: after an overwrite the key is listed only under the new entry's tags. */
  @Test
  @Order(14)
  @DisplayName("R14 the tag index forgets the old tags of an overwritten entry")
  public final void tagIndexForgetsOldTagsOnOverwrite() {
    requireTags();
    String a = key("a");
    String b = key("b");
    write(a, lasting("a1", tag("t1")));
    write(b, lasting("b1", tag("t1")));
    CacheEntry<String> newA = lasting("a2", tag("t2"));
    CacheEntry<String> newB = lasting("b2");
    write(a, newA);
    write(b, newB);
    assertThat(keysByTag(tag("t1"))).as("keysByTag(old tag) after both keys were overwritten")
        .isEmpty();
    assertThat(keysByTag(tag("t2"))).as("keysByTag(new tag)").isEqualTo(Set.of(a));
    assertThat(ours(tags())).as("tags()").isEqualTo(Set.of(tag("t2")));
    assertThat(invalidateByTag(tag("t1"))).as("invalidateByTag(old tag)").isEmpty();
    assertThat(read(a)).as("get(a) after invalidateByTag(old tag)").isEqualTo(newA);
    assertThat(read(b)).as("get(b) after invalidateByTag(old tag)").isEqualTo(newB);
  }

  /** R15: an invalidated key is no longer listed under its tags. */
  @Test
  @Order(15)
  @DisplayName("R15 the tag index forgets an invalidated entry")
  public final void tagIndexForgetsInvalidatedEntries() {
    requireTags();
    String a = key("a");
    String b = key("b");
    write(a, lasting("a", tag("t1")));
    write(b, lasting("b", tag("t1"), tag("t2")));
    invalidate(a);
    assertThat(keysByTag(tag("t1"))).as("keysByTag(t1) after invalidate(a)").isEqualTo(Set.of(b));
    invalidate(b);
    assertThat(keysByTag(tag("t1"))).as("keysByTag(t1) after invalidate(b)").isEmpty();
    assertThat(keysByTag(tag("t2"))).as("keysByTag(t2) after invalidate(b)").isEmpty();
    assertThat(ours(tags())).as("tags() after both were invalidated").isEmpty();
    assertThat(invalidateByTag(tag("t1"))).as("invalidateByTag(t1) afterwards").isEmpty();
  }

  /**
   * R16: from an entry's staleUntil on, it is not listed under its tags, not counted by
   * invalidateByTag, and its tags are gone from tags() unless another entry carries them.
   */
  @Test
  @Order(16)
  @DisplayName("R16 the tag index forgets an entry from its staleUntil on")
  public final void tagIndexForgetsGoneEntries() {
    requireTags();
    String shortA = key("short-a");
    String longB = key("long-b");
    String shortC = key("short-c");
    CacheEntry<String> briefA = CacheEntry.of("a", now(), ttl(), Duration.ZERO,
        Set.of(tag("t1")));
    CacheEntry<String> entryB = lasting("b", tag("t1"));
    CacheEntry<String> briefC = CacheEntry.of("c", now(), ttl(), Duration.ZERO,
        Set.of(tag("t2")));
    write(shortA, briefA);
    write(longB, entryB);
    write(shortC, briefC);
    passTo(Math.max(briefA.staleUntil(), briefC.staleUntil()));
    assertThat(invalidateByTag(tag("t2")))
        .as("invalidateByTag of a tag carried only by a gone entry (the first call after it"
            + " went, no read before)")
        .isEmpty();
    assertThat(keysByTag(tag("t1"))).as("keysByTag(t1) once short-a is gone")
        .isEqualTo(Set.of(longB));
    assertThat(ours(tags())).as("tags() once short-a and short-c are gone")
        .isEqualTo(Set.of(tag("t1")));
    assertThat(invalidateByTag(tag("t1"))).as("invalidateByTag(t1) once short-a is gone")
        .isEqualTo(Set.of(longB));
  }

  // ---------------------------------------------------------------------------------------------
  // R17 - R19: values, keys, arguments

  /** R17: values up to the declared entry size limit are stored and read back byte for byte. */
  @Test
  @Order(17)
  @DisplayName("R17 values up to the declared size limit are stored and read back intact")
  public final void largeValuesUpToTheLimitRoundTrip() {
    CacheBackend<byte[]> bytes = track(openBackend(ValueCodec.bytes(), clock(), events));
    long limit = Math.min(bytes.capabilities().maxEntryBytes(), UNBOUNDED_VALUE_BYTES);
    Set<String> tags = Set.of(tag("large"));
    long now = now();
    long expiresAt = now + LONG_TTL.toMillis();
    long staleUntil = expiresAt + LONG_STALE.toMillis();
    int overhead =
        EntryFormat.encode(new CacheEntry<>(new byte[0], expiresAt, staleUntil, tags),
            ValueCodec.bytes()).length;
    long largest = limit - overhead;
    if (largest < 0) {
      Assumptions.abort("the declared maxEntryBytes (" + limit + ") is smaller than an entry with"
          + " an empty value (" + overhead + " bytes)");
    }
    Set<Long> sizes = new TreeSet<>(List.of(0L, 1L, 4_096L, 65_536L, largest));
    sizes.removeIf(size -> size > largest);
    SplittableRandom random = new SplittableRandom(17);
    Map<String, CacheEntry<byte[]>> written = new LinkedHashMap<>();
    for (long size : sizes) {
      byte[] value = new byte[(int) size];
      for (int i = 0; i < value.length; i++) {
        value[i] = (byte) random.nextInt(256);
      }
      String k = key("large-" + size);
      CacheEntry<byte[]> entry = new CacheEntry<>(value, expiresAt, staleUntil, tags);
      await(bytes.put(k, entry), "put of a " + size + "-byte value");
      written.put(k, entry);
    }
    written.forEach((k, expected) -> {
      CacheEntry<byte[]> actual = await(bytes.get(k), "get(" + k + ")");
      int size = expected.value().length;
      assertThat(actual).as("get of a %s-byte value (entry limit %s bytes)", size, limit)
          .isNotNull();
      assertThat(actual.value().length).as("length of the %s-byte value read back", size)
          .isEqualTo(size);
      int mismatch = Arrays.mismatch(expected.value(), actual.value());
      assertThat(mismatch).as("first differing byte of the %s-byte value read back", size)
          .isEqualTo(-1);
      assertThat(new long[] {actual.expiresAt(), actual.staleUntil()})
          .as("metadata of the %s-byte value", size)
          .containsExactly(expected.expiresAt(), expected.staleUntil());
      assertThat(actual.tags()).as("tags of the %s-byte value", size).isEqualTo(tags);
    });
  }

  /**
   * R18: keys are any non-empty well-formed strings: non-ASCII, control characters, characters
   * special to stores, and long keys are stored apart and read back; Unicode values and tags too.
   */
  @Test
  @Order(18)
  @DisplayName("R18 Unicode, special and long keys are kept apart and read back")
  public final void unicodeAndLongKeysAreKeptApart() {
    List<String> names = List.of(
        "\u043a\u043b\u044e\u0447", "\u9375", "\ud83d\udd11 emoji", "e\u0301", "\u00e9",
        "\u0645\u0641\u062a\u0627\u062d", "a b", "tab\there", "line\nbreak", "nul\u0000char",
        "quote\"'`", "glob*?[x]", "percent%20", "slash/back\\slash", "colon:semi;", "{hash}tag",
        "x".repeat(10_000), "x".repeat(9_999) + "y", "\ud83d\udd11".repeat(2_500));
    String tag = tag("\u00fcn\u00efc\u00f6d\u00e9 \ud83c\udff7");
    List<String> keys = new ArrayList<>();
    Map<String, CacheEntry<String>> written = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String k = key(names.get(i));
      CacheEntry<String> entry = lasting("v\u00e4rde \ud83d\udd11 " + i, tag);
      write(k, entry);
      keys.add(k);
      written.put(k, entry);
    }
    for (int i = 0; i < names.size(); i++) {
      assertThat(read(keys.get(i))).as("get of key #%s (%s chars)", i, names.get(i).length())
          .isEqualTo(written.get(keys.get(i)));
    }
    assertThat(invalidate(keys.get(3))).as("invalidate of the decomposed 'e\\u0301'").isTrue();
    assertThat(read(keys.get(4))).as("the precomposed '\\u00e9' is another key")
        .isEqualTo(written.get(keys.get(4)));
    if (caps().tags()) {
      Set<String> expected = new LinkedHashSet<>(keys);
      expected.remove(keys.get(3));
      assertThat(keysByTag(tag)).as("keysByTag of a Unicode tag").isEqualTo(expected);
      String longTag = tag("l").concat("l".repeat(CacheEntry.MAX_TAG_LENGTH - tag("l").length()));
      String k = key("long-tag");
      write(k, lasting("long tag", longTag));
      assertThat(keysByTag(longTag)).as("keysByTag of a tag of the largest length")
          .isEqualTo(Set.of(k));
    }
  }

  /**
   * R19: every method given a {@code null} argument throws {@link NullPointerException} at once,
   * with a message naming the argument, and changes nothing.
   */
  @Test
  @Order(19)
  @DisplayName("R19 null arguments are rejected at once with a message naming them")
  public final void nullArgumentsAreRejectedAtOnce() {
    CacheBackend<String> tier = backend();
    String k = key("a");
    CacheEntry<String> entry = lasting("a", tag("t"));
    Map<String, CacheEntry<String>> nullKey = new HashMap<>();
    nullKey.put(null, entry);
    Map<String, CacheEntry<String>> nullEntry = new HashMap<>();
    nullEntry.put(k, null);
    List<String> problems = new ArrayList<>();
    rejectsNull(problems, "get(null)", "key", () -> tier.get(null));
    rejectsNull(problems, "getAll(null)", "keys", () -> tier.getAll(null));
    rejectsNull(problems, "getAll([k, null])", "key", () -> tier.getAll(Arrays.asList(k, null)));
    rejectsNull(problems, "put(null, entry)", "key", () -> tier.put(null, entry));
    rejectsNull(problems, "put(key, null)", "entry", () -> tier.put(k, null));
    rejectsNull(problems, "putAll(null)", "entries", () -> tier.putAll(null));
    rejectsNull(problems, "putAll({null=entry})", "key", () -> tier.putAll(nullKey));
    rejectsNull(problems, "putAll({key=null})", "entr", () -> tier.putAll(nullEntry));
    rejectsNull(problems, "invalidate(null)", "key", () -> tier.invalidate(null));
    if (caps().tags()) {
      rejectsNull(problems, "invalidateByTag(null)", "tag", () -> tier.invalidateByTag(null));
      rejectsNull(problems, "keysByTag(null)", "tag", () -> tier.keysByTag(null));
    }
    if (tier instanceof LocalCacheBackend) {
      LocalCacheBackend<String> local = (LocalCacheBackend<String>) tier;
      rejectsNull(problems, "getSync(null)", "key", () -> local.getSync(null));
      rejectsNull(problems, "putSync(null, entry)", "key", () -> {
        local.putSync(null, entry);
        return null;
      });
      rejectsNull(problems, "putSync(key, null)", "entry", () -> {
        local.putSync(k, null);
        return null;
      });
      rejectsNull(problems, "putSyncIf(null, entry, condition)", "key",
          () -> local.putSyncIf(null, entry, () -> true));
      rejectsNull(problems, "putSyncIf(key, null, condition)", "entry",
          () -> local.putSyncIf(k, null, () -> true));
      rejectsNull(problems, "putSyncIf(key, entry, null)", "condition",
          () -> local.putSyncIf(k, entry, null));
      rejectsNull(problems, "invalidateSync(null)", "key", () -> local.invalidateSync(null));
      if (caps().tags()) {
        rejectsNull(problems, "invalidateByTagSync(null)", "tag",
            () -> local.invalidateByTagSync(null));
      }
    }
    assertThat(problems).as("calls with a null argument that did not throw"
        + " NullPointerException at once with a message naming the argument").isEmpty();
    assertThat(read(k)).as("get(key) after the rejected writes").isNull();
    assertThat(await(tier.getAll(List.of(k)), "getAll")).as("getAll after the rejected writes")
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // R20 - R23: concurrency, corrupt bytes, local tiers

  /**
   * R20: concurrent writers and readers of the same keys: every read returns a value some writer
   * put under that key, with exactly the metadata it was put with; never a miss, a torn value or
   * another key's value; and the last value is the last write of some writer.
   *
   * @throws Exception if a writer or reader thread fails or does not finish in time
   */
  @Test
  @Order(20)
  @DisplayName("R20 concurrent readers never see a torn, foreign or missing value")
  public final void concurrentReadersNeverSeeTornOrForeignValues() throws Exception {
    int writers = 3;
    int readers = 3;
    int minimumWrites = 200;
    long minimumReads = 300;
    String a = key("contended-a");
    String b = key("contended-b");
    long base = now() + Duration.ofDays(1).toMillis();
    Contended contended = new Contended(base, namespace);
    write(a, contended.entry("a", writers, 0));
    write(b, contended.entry("b", writers, 0));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    int[] lastWrite = new int[writers];
    CountDownLatch ready = new CountDownLatch(writers + readers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
    try {
      List<Future<Integer>> writing0 = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writing0.add(pool.submit(() -> {
          ready.countDown();
          ready.await();
          int seq = 0;
          // Writes go on until the readers have read enough, so that reads and writes overlap.
          for (; (seq < minimumWrites || reads.get() < minimumReads) && problem.get() == null
              && System.nanoTime() < deadline; seq++) {
            await(backend().put(a, contended.entry("a", writer, seq)), "put(a)");
            await(backend().put(b, contended.entry("b", writer, seq)), "put(b)");
          }
          return seq - 1;
        }));
      }
      List<Future<?>> reading = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        reading.add(pool.submit(() -> {
          ready.countDown();
          ready.await();
          while (writing.get() && problem.get() == null) {
            String found = contended.check("a", read(a));
            if (found == null) {
              Map<String, CacheEntry<String>> both =
                  await(backend().getAll(List.of(a, b)), "getAll(a, b)");
              found = contended.check("a", both.get(a));
              if (found == null) {
                found = contended.check("b", both.get(b));
              }
            }
            if (found != null) {
              problem.compareAndSet(null, found);
            }
            reads.addAndGet(2);
          }
          return null;
        }));
      }
      for (int w = 0; w < writers; w++) {
        lastWrite[w] = writing0.get(w).get(2, TimeUnit.MINUTES);
      }
      writing.set(false);
      for (Future<?> reader : reading) {
        reader.get(1, TimeUnit.MINUTES);
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    assertThat(problem.get()).as("what a concurrent reader saw (after %s reads)", reads.get())
        .isNull();
    assertThat(reads.get()).as("reads done while the writers wrote (within 30 s)")
        .isGreaterThanOrEqualTo(minimumReads);
    for (String label : List.of("a", "b")) {
      CacheEntry<String> last = read(label.equals("a") ? a : b);
      assertThat(contended.check(label, last)).as("the value of %s after the writers", label)
          .isNull();
      int writer = contended.writerOf(last);
      assertThat(writer).as("the writer of the value of %s after the writers", label)
          .isBetween(0, writers - 1);
      assertThat(contended.sequenceOf(last))
          .as("the value of %s after the writers must be the last write of its writer", label)
          .isEqualTo(lastWrite[writer]);
    }
  }

  /**
   * R21: foreign or damaged stored bytes read as a miss (alone and in getAll), are reported
   * through {@link TierEvents#onCorruptEntry}, and the key can be written again.
   */
  @Test
  @Order(21)
  @DisplayName("R21 corrupt stored bytes read as a miss and are reported")
  public final void corruptStoredBytesReadAsMiss() {
    requireCapability(caps().storesBytes(), "storesBytes");
    String a = key("corrupt");
    String b = key("intact");
    CacheEntry<String> entryB = lasting("intact");
    write(a, lasting("soon damaged", tag("t")));
    write(b, entryB);
    corruptStoredValue(backend(), a);
    Map<String, CacheEntry<String>> found =
        await(backend().getAll(List.of(a, b)), "getAll(corrupt, intact)");
    assertThat(found).as("getAll of a corrupt key and an intact one").isEqualTo(Map.of(b, entryB));
    corruptStoredValue(backend(), a);
    assertThat(read(a)).as("get of a key holding corrupt bytes").isNull();
    assertThat(events.corruptEntries())
        .as("TierEvents.onCorruptEntry calls")
        .anySatisfy(call -> {
          assertThat(call.key()).isEqualTo(a);
          assertThat(call.reason()).isNotBlank();
        });
    CacheEntry<String> rewritten = lasting("rewritten");
    write(a, rewritten);
    assertThat(read(a)).as("get after writing the key again").isEqualTo(rewritten);
  }

  /** R22: the synchronous methods of a local tier agree with the asynchronous ones. */
  @Test
  @Order(22)
  @DisplayName("R22 a local tier's synchronous methods agree with the asynchronous ones")
  public final void localSynchronousMethodsAgreeWithAsynchronousOnes() {
    LocalCacheBackend<String> local = requireLocal();
    String a = key("a");
    String b = key("b");
    CacheEntry<String> entryA = lasting("a", tag("t"));
    CacheEntry<String> entryB = lasting("b");
    local.putSync(a, entryA);
    assertThat(read(a)).as("get after putSync").isEqualTo(entryA);
    assertThat(local.getSync(a)).as("getSync after putSync").isEqualTo(entryA);
    write(b, entryB);
    assertThat(local.getSync(b)).as("getSync after put").isEqualTo(entryB);
    assertThat(local.getSync(b, now())).as("getSync(key, now) after put").isEqualTo(entryB);
    assertThat(local.getSync(key("never"))).as("getSync of a key never written").isNull();
    if (caps().tags()) {
      assertThat(local.invalidateByTagSync(tag("t"))).as("invalidateByTagSync(t)")
          .isEqualTo(Set.of(a));
      assertThat(local.getSync(a)).as("getSync after invalidateByTagSync").isNull();
      local.putSync(a, entryA);
    }
    assertThat(local.invalidateSync(a)).as("invalidateSync of a stored key").isTrue();
    assertThat(read(a)).as("get after invalidateSync").isNull();
    assertThat(local.invalidateSync(a)).as("a second invalidateSync").isFalse();
    CacheEntry<String> brief = CacheEntry.of("brief", now(), ttl(), Duration.ZERO, Set.of());
    String c = key("brief");
    local.putSync(c, brief);
    passTo(brief.staleUntil() + 1);
    assertThat(local.getSync(c)).as("getSync of a gone entry").isNull();
    assertThat(local.getSync(c, now())).as("getSync(key, now) of a gone entry").isNull();
    assertThat(read(c)).as("get of a gone entry").isNull();
    local.clearSync();
    assertThat(local.getSync(b)).as("getSync after clearSync").isNull();
    assertThat(read(b)).as("get after clearSync").isNull();
  }

  /**
   * R23: putSyncIf evaluates its condition exactly once and writes only when it holds, leaving
   * any existing entry untouched otherwise.
   */
  @Test
  @Order(23)
  @DisplayName("R23 putSyncIf writes only when its condition holds, evaluating it once")
  public final void putSyncIfWritesOnlyUnderATrueCondition() {
    LocalCacheBackend<String> local = requireLocal();
    String a = key("a");
    CacheEntry<String> first = lasting("first");
    CacheEntry<String> second = lasting("second", tag("t"));
    AtomicInteger calls = new AtomicInteger();
    assertThat(local.putSyncIf(a, first, () -> calls.incrementAndGet() < 0))
        .as("putSyncIf under a false condition, key absent").isFalse();
    assertThat(calls.get()).as("condition evaluations").isEqualTo(1);
    assertThat(local.getSync(a)).as("getSync after a refused putSyncIf").isNull();
    local.putSync(a, first);
    calls.set(0);
    assertThat(local.putSyncIf(a, second, () -> calls.incrementAndGet() < 0))
        .as("putSyncIf under a false condition, key present").isFalse();
    assertThat(calls.get()).as("condition evaluations").isEqualTo(1);
    assertThat(local.getSync(a)).as("the entry after a refused putSyncIf").isEqualTo(first);
    calls.set(0);
    assertThat(local.putSyncIf(a, second, () -> calls.incrementAndGet() > 0))
        .as("putSyncIf under a true condition").isTrue();
    assertThat(calls.get()).as("condition evaluations").isEqualTo(1);
    assertThat(local.getSync(a)).as("getSync after putSyncIf").isEqualTo(second);
    assertThat(read(a)).as("get after putSyncIf").isEqualTo(second);
    if (caps().tags()) {
      assertThat(keysByTag(tag("t"))).as("keysByTag of the tag putSyncIf wrote")
          .isEqualTo(Set.of(a));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // R24 - R26: life cycle and self-description

  /**
   * R24: after close() every operation fails with {@link IllegalStateException} (thrown, or as
   * the failure of its future); close() is idempotent; name(), capabilities(), invalidationBus()
   * and toString() keep answering.
   */
  @Test
  @Order(24)
  @DisplayName("R24 after close every operation fails with IllegalStateException")
  public final void everyOperationFailsAfterClose() {
    CacheBackend<String> tier = backend();
    String k = key("a");
    CacheEntry<String> entry = lasting("a", tag("t"));
    write(k, entry);
    tier.close();
    closedByRule.add(tier);
    List<String> problems = new ArrayList<>();
    try {
      tier.close();
    } catch (RuntimeException e) {
      problems.add("a second close() threw " + e);
    }
    failsClosed(problems, "get", () -> tier.get(k));
    failsClosed(problems, "getAll", () -> tier.getAll(List.of(k)));
    failsClosed(problems, "put", () -> tier.put(k, entry));
    failsClosed(problems, "putAll", () -> tier.putAll(Map.of(k, entry)));
    failsClosed(problems, "invalidate", () -> tier.invalidate(k));
    failsClosed(problems, "clear", tier::clear);
    if (caps().tags()) {
      failsClosed(problems, "invalidateByTag", () -> tier.invalidateByTag(tag("t")));
      failsClosed(problems, "keysByTag", () -> tier.keysByTag(tag("t")));
      failsClosed(problems, "tags", tier::tags);
    }
    if (tier instanceof LocalCacheBackend) {
      LocalCacheBackend<String> local = (LocalCacheBackend<String>) tier;
      failsClosed(problems, "getSync", () -> local.getSync(k));
      failsClosed(problems, "putSync", () -> {
        local.putSync(k, entry);
        return null;
      });
      failsClosed(problems, "putSyncIf", () -> local.putSyncIf(k, entry, () -> true));
      failsClosed(problems, "invalidateSync", () -> local.invalidateSync(k));
      failsClosed(problems, "clearSync", () -> {
        local.clearSync();
        return null;
      });
      if (caps().tags()) {
        failsClosed(problems, "invalidateByTagSync", () -> local.invalidateByTagSync(tag("t")));
      }
    }
    assertThat(problems).as("operations after close() that did not fail with"
        + " IllegalStateException").isEmpty();
    assertThat(tier.name()).as("name() after close()").isNotBlank();
    assertThat(tier.capabilities()).as("capabilities() after close()").isEqualTo(caps());
    assertThat(tier.invalidationBus()).as("invalidationBus() after close()").isNotNull();
    assertThat(tier.toString()).as("toString() after close()").isNotNull();
  }

  /**
   * R25: capabilities() is constant and consistent with the backend's type (a local tier is not
   * shared); invalidationBus() answers the same instance every time, and only a shared tier
   * offers one.
   */
  @Test
  @Order(25)
  @DisplayName("R25 capabilities() and invalidationBus() are constant and consistent")
  public final void capabilitiesAreConstant() {
    CacheBackend<String> tier = backend();
    BackendCapabilities first = tier.capabilities();
    assertThat(first).as("capabilities() at open").isEqualTo(caps());
    String a = key("a");
    write(a, lasting("a"));
    read(a);
    invalidate(a);
    await(tier.clear(), "clear()");
    assertThat(tier.capabilities()).as("capabilities() after some operations").isEqualTo(first);
    if (tier instanceof LocalCacheBackend) {
      assertThat(first.shared()).as("shared, declared by a LocalCacheBackend (in-process)")
          .isFalse();
    }
    Optional<InvalidationBus> bus = tier.invalidationBus();
    assertThat(tier.invalidationBus()).as("invalidationBus() called again").isEqualTo(bus);
    bus.ifPresent(present -> {
      assertThat(tier.invalidationBus().orElseThrow())
          .as("invalidationBus() returns the same instance on every call").isSameAs(present);
      assertThat(first.shared()).as("shared, declared by a tier that offers an invalidation bus")
          .isTrue();
    });
  }

  /** R26: name() is non-blank and neither it nor toString() shows the URI's credentials. */
  @Test
  @Order(26)
  @DisplayName("R26 name() is non-blank and shows no credentials")
  public final void nameIsNonBlankAndShowsNoCredentials() {
    CacheBackend<String> tier = backend();
    String name = tier.name();
    assertThat(name).as("name()").isNotBlank();
    assertThat(tier.name()).as("name() called again").isEqualTo(name);
    TierUri uri = TierUri.parse(tierUri());
    List<String> secrets = new ArrayList<>();
    if (uri.password() != null) {
      secrets.add(uri.password());
    }
    uri.parameters().forEach((parameter, value) -> {
      if (TierUri.isSecretParameter(parameter)) {
        secrets.add(value);
      }
    });
    // Secrets shorter than 4 characters would match by chance.
    secrets.removeIf(secret -> secret.length() < 4);
    String shown = tier.toString();
    for (String secret : secrets) {
      assertThat(name).as("name()").doesNotContain(secret);
      assertThat(shown).as("toString()").doesNotContain(secret);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // R27 - R28: registration

  /** R27: the provider of the tier's scheme is found by ServiceLoader and checks the URI. */
  @Test
  @Order(27)
  @DisplayName("R27 the provider of the tier's scheme is found by ServiceLoader")
  public final void providerIsFoundByServiceLoader() {
    String scheme = TierUri.parse(tierUri()).scheme();
    BackendRegistry registry = BackendRegistry.load();
    Optional<BackendProvider> found = registry.provider(scheme);
    assertThat(found)
        .as("provider of scheme '%s' (installed schemes: %s; discovery problems: %s)", scheme,
            registry.schemes(), registry.problems())
        .isPresent();
    BackendProvider provider = found.get();
    assertThat(provider.schemes()).as("schemes() of %s", provider.getClass().getName())
        .contains(scheme)
        .allSatisfy(s -> assertThat(s).isEqualTo(s.toLowerCase(Locale.ROOT)));
    assertThat(provider.description()).as("description()").isNotBlank();
    Set<String> common =
        CommonOptions.ALL.stream().map(Option::name).collect(Collectors.toSet());
    for (Option<?> option : provider.options()) {
      assertThat(common).as("options() may not redeclare a common option")
          .doesNotContain(option.name());
      assertThat(option.help()).as("help of option %s", option.name()).isNotBlank();
    }
    registry.checkTier(tierUri());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<Class<?>> direct =
        ServiceLoader.load(BackendProvider.class,
                loader != null ? loader : BackendContract.class.getClassLoader())
            .stream()
            .map(ServiceLoader.Provider::type)
            .collect(Collectors.toList());
    assertThat(direct).as("providers ServiceLoader finds through META-INF/services")
        .contains(provider.getClass());
  }

  /**
   * R28: the provider's module declares {@code provides io.tiercache.spi.BackendProvider with
   * <provider>}, and resolved on a module path in a fresh module layer it is served by
   * ServiceLoader.
   */
  @Test
  @Order(28)
  @DisplayName("R28 the provider is registered in its module-info and loads from a module layer")
  public final void providerIsRegisteredInModuleInfo() {
    String scheme = TierUri.parse(tierUri()).scheme();
    BackendProvider provider =
        BackendRegistry.load().provider(scheme)
            .orElseThrow(() -> new AssertionError("no provider of scheme '" + scheme + "' (R27)"));
    Class<?> type = provider.getClass();
    Optional<String> notApplicable =
        ModuleRegistration.check(ModuleRegistration.locationOf(type), type.getName(), scheme,
            ModuleRegistration.runtimeSearchPath());
    notApplicable.ifPresent(Assumptions::abort);
  }

  // ---------------------------------------------------------------------------------------------
  // R29: the model

  /**
   * R29: seeded random sequences of operations answer as the reference model does; a failing
   * sequence is shrunk and printed with its seed.
   */
  @Test
  @Order(29)
  @DisplayName("R29 random operation sequences answer as the reference model (model-based)")
  public final void randomSequencesAnswerAsTheReferenceModel() {
    boolean clockMoves = manualClock != null;
    boolean tags = caps().tags();
    boolean reopens = !caps().shared();
    List<CacheBackend<String>> current = new ArrayList<>(List.of(backend()));
    ModelBasedCheck.Target target = new ModelBasedCheck.Target() {
      @Override
      public CacheBackend<String> backend() {
        return current.get(0);
      }

      @Override
      public boolean reopens() {
        return reopens;
      }

      @Override
      public void reopen() {
        closeExtra();
        current.set(0, track(openBackend(ValueCodec.utf8(), clock(), events)));
      }

      @Override
      public void restore() {
        closeExtra();
        current.set(0, BackendContract.this.backend());
      }

      private void closeExtra() {
        CacheBackend<String> previous = current.get(0);
        if (previous != BackendContract.this.backend()) {
          previous.close();
          opened.remove(previous);
        }
      }

      @Override
      public long now() {
        return BackendContract.this.now();
      }

      @Override
      public boolean clockMoves() {
        return clockMoves;
      }

      @Override
      public void advance(long millis) {
        if (manualClock != null) {
          manualClock.advanceMillis(millis);
        }
      }

      @Override
      public boolean tags() {
        return tags;
      }

      @Override
      public String key(int index) {
        return BackendContract.this.key("m" + index);
      }

      @Override
      public String tag(int index) {
        return BackendContract.this.tag("m" + index);
      }

      @Override
      public <T> T await(CompletionStage<T> stage, String operation) {
        return BackendContract.this.await(stage, operation);
      }
    };
    List<Long> seeds = new ArrayList<>();
    String replay = System.getProperty("tiercache.tck.seed");
    if (replay != null && !replay.isBlank()) {
      try {
        seeds.add(Long.parseLong(replay.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "tiercache.tck.seed was '" + replay + "' but must be a long, as printed by R29", e);
      }
    } else {
      int count = Integer.getInteger("tiercache.tck.sequences", 1_000);
      SplittableRandom master = new SplittableRandom(ThreadLocalRandom.current().nextLong());
      for (int i = 0; i < count; i++) {
        seeds.add(master.nextLong());
      }
    }
    for (int i = 0; i < seeds.size(); i++) {
      long seed = seeds.get(i);
      List<ModelBasedCheck.Op> ops = ModelBasedCheck.generate(seed, clockMoves, tags);
      ModelBasedCheck.Failure failure = ModelBasedCheck.run(target, ops, false);
      if (failure != null) {
        ModelBasedCheck.Shrunk shrunk = ModelBasedCheck.shrink(target, ops, failure);
        fail("sequence " + (i + 1) + " of " + seeds.size() + " differs from the model; "
            + ModelBasedCheck.report(seed, ops.size(), shrunk));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private <V> CacheBackend<V> track(CacheBackend<V> opening) {
    opened.add(opening);
    return opening;
  }

  private BackendCapabilities caps() {
    BackendCapabilities current = capabilities;
    if (current == null) {
      throw new IllegalStateException("no backend is open");
    }
    return current;
  }

  private TierClock clock() {
    return manualClock != null ? manualClock : TierClock.system();
  }

  /** The backend's current time. */
  private long now() {
    return clock().millis();
  }

  /** Lifetime of a short-lived entry: long under a manual clock (time moves only when told). */
  private Duration ttl() {
    return manualClock != null ? MANUAL_TTL : shortTtl();
  }

  /**
   * Lets the backend's time reach {@code millis}: moves the manual clock there exactly, or waits
   * until the wall clock is past it by the clock tolerance.
   */
  private void passTo(long millis) {
    if (manualClock != null) {
      long behind = millis - manualClock.millis();
      if (behind > 0) {
        manualClock.advanceMillis(behind);
      }
      return;
    }
    long target = millis + clockTolerance().toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
        Math.max(0, target - System.currentTimeMillis()) + 10_000);
    while (System.currentTimeMillis() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the wall clock did not reach " + target + " in time");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
          Math.max(1, Math.min(10, target - System.currentTimeMillis()))));
    }
  }

  /**
   * Aborts the rule if a real-time observation came too late to mean anything; under a manual
   * clock nothing is ever late.
   */
  private void requireBefore(long millis, String what) {
    if (manualClock != null) {
      return;
    }
    long late = System.currentTimeMillis() - millis;
    if (late >= 0) {
      Assumptions.abort("could not " + what + " in time: it finished " + late + " ms after the"
          + " last moment that proves anything (the machine is too slow for shortTtl() = "
          + shortTtl().toMillis() + " ms); raise shortTtl()");
    }
  }

  private String key(String name) {
    return namespace + name;
  }

  private String tag(String name) {
    return namespace + name;
  }

  private Set<String> ours(Set<String> tags) {
    return tags.stream().filter(t -> t.startsWith(namespace)).collect(Collectors.toSet());
  }

  private CacheEntry<String> lasting(String value, String... tags) {
    return CacheEntry.of(value, now(), LONG_TTL, LONG_STALE, Set.of(tags));
  }

  private void requireTags() {
    requireCapability(caps().tags(), "tags");
  }

  private void requireCapability(boolean declared, String capability) {
    Assumptions.assumeTrue(declared, () -> "needs capability '" + capability + "': "
        + backend().name() + " declares " + capability + "=false");
  }

  private LocalCacheBackend<String> requireLocal() {
    CacheBackend<String> tier = backend();
    Assumptions.assumeTrue(tier instanceof LocalCacheBackend, () -> "needs a LocalCacheBackend"
        + " (an in-process tier): " + tier.getClass().getName() + " is not one");
    return (LocalCacheBackend<String>) tier;
  }

  private @Nullable CacheEntry<String> read(String k) {
    return await(backend().get(k), "get(" + shorten(k) + ")");
  }

  private void write(String k, CacheEntry<String> entry) {
    await(backend().put(k, entry), "put(" + shorten(k) + ")");
  }

  private boolean invalidate(String k) {
    return await(backend().invalidate(k), "invalidate(" + shorten(k) + ")");
  }

  private Set<String> keysByTag(String tag) {
    return await(backend().keysByTag(tag), "keysByTag(" + tag + ")");
  }

  private Set<String> invalidateByTag(String tag) {
    return await(backend().invalidateByTag(tag), "invalidateByTag(" + tag + ")");
  }

  private Set<String> tags() {
    return await(backend().tags(), "tags()");
  }

  private static String shorten(String k) {
    return k.length() <= 60 ? k : k.substring(0, 60) + "... (" + k.length() + " chars)";
  }

  /** Waits for an operation; its failure or a hang is an {@link AssertionError} naming it. */
  private <T> T await(CompletionStage<T> stage, String operation) {
    try {
      return stage.toCompletableFuture()
          .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new AssertionError(operation + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new AssertionError(operation + " did not complete within " + OPERATION_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(operation + " was interrupted", e);
    }
  }

  private static void rejectsNull(
      List<String> problems, String call, String argument, Callable<?> action) {
    Object result;
    try {
      result = action.call();
    } catch (NullPointerException e) {
      String message = e.getMessage();
      if (message == null || !message.toLowerCase(Locale.ROOT).contains(argument)) {
        problems.add(call + " threw NullPointerException with message '" + message
            + "', which does not name the argument ('" + argument + "')");
      }
      return;
    } catch (Exception e) {
      problems.add(call + " threw " + e + " instead of NullPointerException");
      return;
    }
    problems.add(call + (result instanceof CompletionStage
        ? " returned a future instead of throwing at once"
        : " returned " + result + " instead of throwing"));
  }

  private static void failsClosed(List<String> problems, String call, Callable<?> action) {
    Object result;
    try {
      result = action.call();
    } catch (IllegalStateException e) {
      return;
    } catch (Exception e) {
      problems.add(call + " threw " + e + " instead of IllegalStateException");
      return;
    }
    if (result instanceof CompletionStage) {
      try {
        ((CompletionStage<?>) result).toCompletableFuture()
            .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        problems.add(call + " succeeded after close()");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof IllegalStateException)) {
          problems.add(call + " failed with " + e.getCause() + " instead of"
              + " IllegalStateException");
        }
      } catch (CompletionException | TimeoutException e) {
        problems.add(call + " did not fail promptly: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add(call + " was interrupted");
      }
    } else {
      problems.add(call + " returned " + result + " after close()");
    }
  }

  /** The values R20's writers write: each names its key, writer and sequence number. */
  private static final class Contended {
    private static final int PAD = 2_000;
    private final long base;
    private final String namespace;

    Contended(long base, String namespace) {
      this.base = base;
      this.namespace = namespace;
    }

    CacheEntry<String> entry(String label, int writer, int seq) {
      char pad = (char) ('a' + (writer * 7 + seq) % 26);
      String value = label + "|" + writer + "|" + seq + "|" + String.valueOf(pad).repeat(PAD);
      long expiresAt = base + writer * 1_000_000L + seq;
      return new CacheEntry<>(value, expiresAt, expiresAt + 1_000 + writer,
          Set.of(namespace + "writer-" + writer, namespace + "key-" + label));
    }

    /** Returns what is wrong with a value read under a key, or {@code null} if nothing. */
    @Nullable String check(String label, @Nullable CacheEntry<String> read) {
      if (read == null) {
        return "a miss on key " + label + ", which always holds a value";
      }
      String[] parts = read.value().split("\\|", 4);
      int writer;
      int seq;
      try {
        writer = Integer.parseInt(parts[1]);
        seq = Integer.parseInt(parts[2]);
      } catch (RuntimeException e) {
        return "a torn value on key " + label + ": " + abbreviate(read.value());
      }
      if (!parts[0].equals(label)) {
        return "a foreign value on key " + label + ": " + abbreviate(read.value());
      }
      CacheEntry<String> expected = entry(label, writer, seq);
      if (!expected.equals(read)) {
        return "a torn entry on key " + label + ": read " + abbreviate(read.value())
            + " expiresAt=" + read.expiresAt() + " staleUntil=" + read.staleUntil() + " tags="
            + read.tags() + " but writer " + writer + " wrote write #" + seq + " as expiresAt="
            + expected.expiresAt() + " staleUntil=" + expected.staleUntil() + " tags="
            + expected.tags() + (expected.value().equals(read.value()) ? "" : " with another"
            + " value");
      }
      return null;
    }

    int sequenceOf(@Nullable CacheEntry<String> read) {
      return read == null ? -1 : Integer.parseInt(read.value().split("\\|", 4)[2]);
    }

    int writerOf(@Nullable CacheEntry<String> read) {
      return read == null ? -1 : Integer.parseInt(read.value().split("\\|", 4)[1]);
    }

    private static String abbreviate(String value) {
      return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
  }
}
