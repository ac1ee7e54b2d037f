package io.tiercache.tck;

import io.tiercache.spi.CacheBackend;
import io.tiercache.spi.CacheEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The model-based rule: seeded random sequences of operations, run against a backend and against
 * a reference model of what the contract says a tier must answer; a sequence whose answers differ
 * is shrunk (operations dropped while it still fails) and reported with its seed.
 *
 * <p>Sequences are a pure function of their seed and of two settings (whether the clock can be
 * moved, whether the tier indexes tags), so a seed replays exactly. Entry lifetimes are relative
 * to the time an operation runs, so a sequence means the same whenever it starts.
 */
final class ModelBasedCheck {

  /** The keys a sequence touches: few, so that operations meet. */
  static final int KEYS = 5;

  /** The tags a sequence uses. */
  static final int TAGS = 3;

  private static final int MAX_SHRINK_RUNS = 2_000;
  private static final long HOUR = 3_600_000L;

  private ModelBasedCheck() {}

  /** What a sequence runs against. */
  interface Target {

    /** The backend, of UTF-8 strings. */
    CacheBackend<String> backend();

    /** Whether {@link #reopen()} gives a new, empty store (an in-process tier). */
    boolean reopens();

    /** Replaces {@link #backend()} by a newly opened one; only called when {@link #reopens()}. */
    void reopen();

    /** Makes {@link #backend()} the backend the sequences first ran on again. */
    void restore();

    /** The backend's current time, epoch milliseconds. */
    long now();

    /** Whether {@link #advance} moves the backend's clock. */
    boolean clockMoves();

    /** Moves the backend's clock forward; only called when {@link #clockMoves()}. */
    void advance(long millis);

    /** Whether the backend indexes tags. */
    boolean tags();

    /** The store key of key number {@code index}. */
    String key(int index);

    /** The tag number {@code index}. */
    String tag(int index);

    /** Waits for an operation, throwing {@link AssertionError} if it fails or hangs. */
    <T> T await(CompletionStage<T> stage, String operation);
  }

  /** A sequence that failed: the failing step (0-based) and what differed. */
  record Failure(int step, String problem) {}

  // ---------------------------------------------------------------------------------------------
  // Generation

  /**
   * Generates the sequence of a seed.
   *
   * @param seed the seed
   * @param clockMoves whether to generate clock advances and lifetimes that end during the run
   * @param tags whether to generate tag operations
   * @return 10 to 60 operations
   */
  static List<Op> generate(long seed, boolean clockMoves, boolean tags) {
    SplittableRandom random = new SplittableRandom(seed);
    int length = 10 + random.nextInt(51);
    List<Op> ops = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      ops.add(next(random, clockMoves, tags, i));
    }
    return List.copyOf(ops);
  }

  private static Op next(SplittableRandom random, boolean clockMoves, boolean tags, int step) {
    while (true) {
      int roll = random.nextInt(100);
      if (roll < 28) {
        return put(random, clockMoves, "v" + step);
      } else if (roll < 33) {
        int count = 1 + random.nextInt(3);
        Map<Integer, Put> puts = new TreeMap<>();
        for (int i = 0; i < count; i++) {
          Put put = put(random, clockMoves, "v" + step + "." + i);
          puts.put(put.key(), put);
        }
        return new PutAll(List.copyOf(puts.values()));
      } else if (roll < 50) {
        return new Get(random.nextInt(KEYS));
      } else if (roll < 56) {
        int count = random.nextInt(4);
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          keys.add(random.nextInt(KEYS));
        }
        return new GetAll(List.copyOf(keys));
      } else if (roll < 66) {
        return new Invalidate(random.nextInt(KEYS));
      } else if (roll < 68) {
        return new Clear();
      } else if (roll < 74 && tags) {
        return new InvalidateByTag(random.nextInt(TAGS));
      } else if (roll < 80 && tags) {
        return new KeysByTag(random.nextInt(TAGS));
      } else if (roll < 83 && tags) {
        return new Tags();
      } else if (roll >= 83 && clockMoves) {
        return new Advance(100L * (1 + random.nextInt(30)));
      }
    }
  }

  private static Put put(SplittableRandom random, boolean clockMoves, String value) {
    int key = random.nextInt(KEYS);
    long expiresIn;
    long staleFor;
    if (clockMoves) {
      // Multiples of 100 ms, like the advances, so that boundaries are met exactly.
      expiresIn = 100L * (random.nextInt(71) - 20);
      staleFor = random.nextInt(3) == 0 ? 0 : 100L * random.nextInt(31);
    } else {
      // The clock cannot be moved: lifetimes end hours away from the run, or long before it.
      int kind = random.nextInt(10);
      if (kind == 0) {
        expiresIn = -2 * HOUR;
        staleFor = random.nextInt(2) * HOUR / 2;
      } else if (kind == 1) {
        expiresIn = -HOUR;
        staleFor = 3 * HOUR;
      } else {
        expiresIn = HOUR + random.nextInt(1_000_000);
        staleFor = random.nextInt(1_000_000);
      }
    }
    Set<Integer> tags = new TreeSet<>();
    for (int t = 0; t < TAGS; t++) {
      if (random.nextInt(3) == 0) {
        tags.add(t);
      }
    }
    String shown = random.nextInt(5) == 0 ? value + "-\u00fc\u00df\u4e2d\ud83d\udd11" : value;
    return new Put(key, shown, expiresIn, staleFor, Set.copyOf(tags));
  }

  // ---------------------------------------------------------------------------------------------
  // Running, shrinking, reporting

  /**
   * Runs a sequence against a cleared backend and a fresh model.
   *
   * @param reopen whether to start on a newly opened backend rather than a cleared one
   * @return the first step whose answer differs from the model's, or {@code null} if none
   */
  static @Nullable Failure run(Target target, List<Op> ops, boolean reopen) {
    if (reopen) {
      target.reopen();
    }
    target.await(target.backend().clear(), "clear() before a sequence");
    Model model = new Model(target);
    for (int i = 0; i < ops.size(); i++) {
      String problem;
      try {
        problem = ops.get(i).apply(model);
      } catch (RuntimeException | AssertionError e) {
        problem = "expected the operation to complete, but it threw " + e;
      }
      if (problem != null) {
        return new Failure(i, problem);
      }
    }
    return null;
  }

  /**
   * Shrinks a failing sequence: drops operations (halves, then quarters, ... then single ones)
   * while the sequence still fails, rerunning it each time on a newly opened backend if the
   * target {@linkplain Target#reopens() reopens}, else on a cleared one. If the sequence does not
   * fail on a newly opened backend, it is shrunk on the cleared one it failed on, and the report
   * says so.
   *
   * @return the smallest failing sequence found and its failure; the original if it no longer
   *     fails when replayed
   */
  static Shrunk shrink(Target target, List<Op> ops, Failure failure) {
    List<Op> current = List.copyOf(ops.subList(0, failure.step() + 1));
    Failure currentFailure = failure;
    int runs = 0;
    boolean reopen = target.reopens();
    String how = reopen ? "each rerun on a newly opened backend" : "each rerun on a cleared backend";
    Failure replay = run(target, current, reopen);
    runs++;
    if (replay == null && reopen) {
      reopen = false;
      target.restore();
      how = "it failed only on a backend used by earlier sequences, so the backend keeps state"
          + " across clear(); shrunk rerunning on the cleared backend";
      replay = run(target, current, false);
      runs++;
    }
    if (replay == null) {
      return new Shrunk(current, failure, false, how);
    }
    currentFailure = replay;
    current = List.copyOf(current.subList(0, replay.step() + 1));
    int chunk = Math.max(1, current.size() / 2);
    while (runs < MAX_SHRINK_RUNS) {
      boolean removedAny = false;
      int start = 0;
      while (start < current.size() && runs < MAX_SHRINK_RUNS) {
        int end = Math.min(current.size(), start + chunk);
        List<Op> candidate = new ArrayList<>(current.subList(0, start));
        candidate.addAll(current.subList(end, current.size()));
        if (candidate.isEmpty()) {
          start = end;
          continue;
        }
        Failure attempt = run(target, candidate, reopen);
        runs++;
        if (attempt != null) {
          current = List.copyOf(candidate.subList(0, attempt.step() + 1));
          currentFailure = attempt;
          removedAny = true;
        } else {
          start = end;
        }
      }
      if (!removedAny) {
        if (chunk == 1) {
          break;
        }
        chunk = Math.max(1, chunk / 2);
      }
    }
    return new Shrunk(current, currentFailure, true, how);
  }

  /** A shrunk sequence, its failure, whether replaying it failed again, and how it was rerun. */
  record Shrunk(List<Op> ops, Failure failure, boolean reproduced, String how) {}

  /** Describes a failing sequence for the test report. */
  static String report(long seed, int original, Shrunk shrunk) {
    StringBuilder out = new StringBuilder();
    out.append("seed ").append(seed).append(": a sequence of ").append(original)
        .append(" operations failed");
    if (shrunk.reproduced()) {
      out.append(", shrunk to ").append(shrunk.ops().size()).append(" (").append(shrunk.how())
          .append("):");
    } else {
      out.append(" but passed when replayed (timing-dependent?); the first ")
          .append(shrunk.ops().size()).append(':');
    }
    out.append('\n');
    for (int i = 0; i < shrunk.ops().size(); i++) {
      out.append(String.format("  %2d. %s%n", i + 1, shrunk.ops().get(i)));
    }
    out.append("step ").append(shrunk.failure().step() + 1).append(": ")
        .append(shrunk.failure().problem()).append('\n');
    out.append("keys are k0..k").append(KEYS - 1).append(" and tags t0..t").append(TAGS - 1)
        .append(" in the test's namespace; times are relative to the start of the sequence.\n");
    out.append("replay this sequence alone with -Dtiercache.tck.seed=").append(seed);
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The reference model

  /** What the contract says the tier holds, and how it answers. */
  static final class Model {
    private final Target target;
    private final long start;
    private final Map<Integer, CacheEntry<String>> entries = new HashMap<>();

    Model(Target target) {
      this.target = target;
      this.start = target.now();
    }

    @Nullable CacheEntry<String> live(int key, long now) {
      CacheEntry<String> entry = entries.get(key);
      if (entry != null && entry.isGone(now)) {
        entries.remove(key);
        return null;
      }
      return entry;
    }

    Set<Integer> liveWithTag(String tag, long now) {
      Set<Integer> keys = new TreeSet<>();
      for (int key = 0; key < KEYS; key++) {
        CacheEntry<String> entry = live(key, now);
        if (entry != null && entry.tags().contains(tag)) {
          keys.add(key);
        }
      }
      return keys;
    }

    CacheEntry<String> entryOf(Put put, long now) {
      long expiresAt = now + put.expiresIn();
      Set<String> tags =
          put.tags().stream().map(target::tag).collect(Collectors.toUnmodifiableSet());
      return new CacheEntry<>(put.value(), expiresAt, expiresAt + put.staleFor(), tags);
    }

    void store(int key, CacheEntry<String> entry, long now) {
      if (entry.isGone(now)) {
        entries.remove(key);
      } else {
        entries.put(key, entry);
      }
    }

    String show(@Nullable CacheEntry<String> entry) {
      if (entry == null) {
        return "miss";
      }
      Set<String> tags = new TreeSet<>();
      for (int t = 0; t < TAGS; t++) {
        if (entry.tags().contains(target.tag(t))) {
          tags.add("t" + t);
        }
      }
      if (tags.size() != entry.tags().size()) {
        tags.add("+" + (entry.tags().size() - tags.size()) + " foreign");
      }
      return "\"" + entry.value() + "\" expiresAt=" + relative(entry.expiresAt())
          + " staleUntil=" + relative(entry.staleUntil()) + " tags=" + tags;
    }

    private String relative(long millis) {
      if (millis == CacheEntry.NEVER) {
        return "never";
      }
      long offset = millis - start;
      return (offset >= 0 ? "+" : "") + offset + "ms";
    }

    Set<String> showKeys(Set<String> keys) {
      Set<String> shown = new TreeSet<>();
      for (String key : keys) {
        shown.add(keyName(key));
      }
      return shown;
    }

    String keyName(String key) {
      for (int k = 0; k < KEYS; k++) {
        if (target.key(k).equals(key)) {
          return "k" + k;
        }
      }
      return "foreign key '" + key + "'";
    }

    Set<String> keyNames(Set<Integer> keys) {
      return keys.stream().map(k -> "k" + k).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  /** One step of a sequence. */
  sealed interface Op permits Put, PutAll, Get, GetAll, Invalidate, InvalidateByTag, KeysByTag,
      Tags, Clear, Advance {

    /**
     * Runs the step against the backend and the model.
     *
     * @return what differed, or {@code null} if the backend answered as the model
     */
    @Nullable String apply(Model model);
  }

  /** {@code put} of an entry whose lifetime is relative to the time the step runs. */
  record Put(int key, String value, long expiresIn, long staleFor, Set<Integer> tags)
      implements Op {
    @Override
    public @Nullable String apply(Model model) {
      long now = model.target.now();
      CacheEntry<String> entry = model.entryOf(this, now);
      model.target.await(model.target.backend().put(model.target.key(key), entry), toString());
      model.store(key, entry, now);
      return null;
    }

    @Override
    public String toString() {
      return "put(k" + key + ", \"" + value + "\", expiresIn=" + expiresIn + "ms, staleFor="
          + staleFor + "ms, tags=" + tagNames(tags) + ")";
    }
  }

  /** {@code putAll} of entries under distinct keys. */
  record PutAll(List<Put> puts) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      long now = model.target.now();
      Map<String, CacheEntry<String>> batch = new LinkedHashMap<>();
      Map<Integer, CacheEntry<String>> written = new LinkedHashMap<>();
      for (Put put : puts) {
        CacheEntry<String> entry = model.entryOf(put, now);
        batch.put(model.target.key(put.key()), entry);
        written.put(put.key(), entry);
      }
      model.target.await(model.target.backend().putAll(batch), toString());
      written.forEach((key, entry) -> model.store(key, entry, now));
      return null;
    }

    @Override
    public String toString() {
      return "putAll(" + puts.stream().map(Put::toString).collect(Collectors.joining(", ")) + ")";
    }
  }

  /** {@code get} of one key. */
  record Get(int key) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      CacheEntry<String> actual =
          model.target.await(model.target.backend().get(model.target.key(key)), toString());
      CacheEntry<String> expected = model.live(key, model.target.now());
      return Objects.equals(expected, actual)
          ? null
          : toString() + " expected " + model.show(expected) + " but was " + model.show(actual);
    }

    @Override
    public String toString() {
      return "get(k" + key + ")";
    }
  }

  /** {@code getAll} of some keys, perhaps none, perhaps repeated. */
  record GetAll(List<Integer> keys) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      List<String> storeKeys = keys.stream().map(model.target::key).collect(Collectors.toList());
      Map<String, CacheEntry<String>> actual =
          model.target.await(model.target.backend().getAll(storeKeys), toString());
      long now = model.target.now();
      Map<String, CacheEntry<String>> expected = new HashMap<>();
      for (int key : keys) {
        CacheEntry<String> entry = model.live(key, now);
        if (entry != null) {
          expected.put(model.target.key(key), entry);
        }
      }
      if (expected.equals(actual)) {
        return null;
      }
      return toString() + " expected " + show(model, expected) + " but was " + show(model, actual);
    }

    private static String show(Model model, Map<String, CacheEntry<String>> entries) {
      Map<String, String> shown = new TreeMap<>();
      entries.forEach((key, entry) -> shown.put(model.keyName(key), model.show(entry)));
      return shown.toString();
    }

    @Override
    public String toString() {
      return "getAll(" + keys.stream().map(k -> "k" + k).collect(Collectors.toList()) + ")";
    }
  }

  /** {@code invalidate} of one key. */
  record Invalidate(int key) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      boolean expected = model.live(key, model.target.now()) != null;
      Boolean actual =
          model.target.await(model.target.backend().invalidate(model.target.key(key)), toString());
      model.entries.remove(key);
      return Boolean.valueOf(expected).equals(actual)
          ? null
          : toString() + " expected " + expected + " but was " + actual;
    }

    @Override
    public String toString() {
      return "invalidate(k" + key + ")";
    }
  }

  /** {@code invalidateByTag}: must return exactly the distinct keys it removed. */
  record InvalidateByTag(int tag) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      long now = model.target.now();
      Set<Integer> expected = model.liveWithTag(model.target.tag(tag), now);
      Set<String> actual =
          model.target.await(
              model.target.backend().invalidateByTag(model.target.tag(tag)), toString());
      expected.forEach(model.entries::remove);
      Set<String> expectedNames = model.keyNames(expected);
      Set<String> actualNames = model.showKeys(actual);
      return expectedNames.equals(actualNames) && actual.size() == expected.size()
          ? null
          : toString() + " expected " + expectedNames + " but was " + actualNames;
    }

    @Override
    public String toString() {
      return "invalidateByTag(t" + tag + ")";
    }
  }

  /** {@code keysByTag}. */
  record KeysByTag(int tag) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      Set<String> actual =
          model.target.await(model.target.backend().keysByTag(model.target.tag(tag)), toString());
      Set<String> expected = model.keyNames(model.liveWithTag(model.target.tag(tag),
          model.target.now()));
      Set<String> actualNames = model.showKeys(actual);
      return expected.equals(actualNames) && actual.size() == expected.size()
          ? null
          : toString() + " expected " + expected + " but was " + actualNames;
    }

    @Override
    public String toString() {
      return "keysByTag(t" + tag + ")";
    }
  }

  /** {@code tags()}, restricted to the sequence's tags (a shared store may hold others). */
  record Tags() implements Op {
    @Override
    public @Nullable String apply(Model model) {
      Set<String> all = model.target.await(model.target.backend().tags(), toString());
      long now = model.target.now();
      Set<String> expected = new TreeSet<>();
      Set<String> actual = new TreeSet<>();
      for (int t = 0; t < TAGS; t++) {
        String tag = model.target.tag(t);
        if (!model.liveWithTag(tag, now).isEmpty()) {
          expected.add("t" + t);
        }
        if (all.contains(tag)) {
          actual.add("t" + t);
        }
      }
      return expected.equals(actual)
          ? null
          : toString() + " expected " + expected + " but was " + actual;
    }

    @Override
    public String toString() {
      return "tags()";
    }
  }

  /** {@code clear}. */
  record Clear() implements Op {
    @Override
    public @Nullable String apply(Model model) {
      model.target.await(model.target.backend().clear(), toString());
      model.entries.clear();
      return null;
    }

    @Override
    public String toString() {
      return "clear()";
    }
  }

  /** Moves the clock forward. */
  record Advance(long millis) implements Op {
    @Override
    public @Nullable String apply(Model model) {
      model.target.advance(millis);
      return null;
    }

    @Override
    public String toString() {
      return "advance clock by " + millis + "ms";
    }
  }

  private static String tagNames(Set<Integer> tags) {
    return new TreeSet<>(tags).stream().map(t -> "t" + t).collect(Collectors.toList()).toString();
  }
}
