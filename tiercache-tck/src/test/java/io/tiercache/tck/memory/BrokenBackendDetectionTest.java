package io.tiercache.tck.memory;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.tiercache.spi.CacheBackend;
import io.tiercache.tck.BackendContract;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs the contract, through JUnit's {@link EngineTestKit}, against the memory tier and against
 * variants of it, and checks which rules pass, fail and are skipped: the correct tier passes
 * every rule; each planted {@link Defect} fails exactly the rules it breaks and no other; a tier
 * without optional capabilities has those rules skipped, each with its reason.
 */
class BrokenBackendDetectionTest {

  private static final String SEED = "tiercache.tck.seed";

  private static final String KIT_ONLY =
      "run by BrokenBackendDetectionTest through EngineTestKit: these contracts are meant to fail";

  private static final Set<String> ALL_RULES =
      IntStream.rangeClosed(1, 29).mapToObj(i -> "R" + i)
          .collect(Collectors.toCollection(TreeSet::new));

  /** Each planted defect and the rules it must fail. */
  enum Planted {
    STALE_TAGS_AFTER_OVERWRITE(Defect.STALE_TAGS_AFTER_OVERWRITE, "R14", "R29"),
    COUNTS_GONE_KEYS(Defect.COUNTS_GONE_KEYS, "R16", "R29"),
    SERVES_AT_STALE_UNTIL(Defect.SERVES_AT_STALE_UNTIL, "R5", "R6", "R8", "R11", "R16", "R29"),
    ACCEPTS_NULL_KEYS(Defect.ACCEPTS_NULL_KEYS, "R19"),
    TORN_WRITES(Defect.TORN_WRITES, "R20"),
    THROWS_ON_CORRUPT_BYTES(Defect.THROWS_ON_CORRUPT_BYTES, "R21"),
    USABLE_AFTER_CLOSE(Defect.USABLE_AFTER_CLOSE, "R24");

    final Defect defect;
    final Set<String> failing;

    Planted(Defect defect, String... failing) {
      this.defect = defect;
      this.failing = new TreeSet<>(Set.of(failing));
    }
  }

  @Test
  void theMemoryTierPassesEveryRuleButTheModuleOne() {
    Outcome outcome = run(MemoryBackendContractTest.class);
    assertThat(outcome.failed).as("rules failed").isEmpty();
    assertThat(outcome.skipped.keySet()).as("rules skipped").containsExactly("R28");
    assertThat(outcome.skipped.get("R28"))
        .as("why R28 is skipped: the test classes are not an explicit module")
        .contains("holds no module-info.class");
    assertThat(outcome.passed).as("rules passed").isEqualTo(without(ALL_RULES, "R28"));
  }

  @ParameterizedTest
  @EnumSource(Planted.class)
  void eachPlantedDefectFailsExactlyTheRulesItBreaks(Planted planted) {
    Outcome outcome = run(contractFor(planted.defect));
    assertThat(outcome.failed.keySet()).as("rules failed by the defect %s", planted.defect.id())
        .isEqualTo(planted.failing);
    assertThat(outcome.skipped.keySet()).as("rules skipped").containsExactly("R28");
    Set<String> passing = new TreeSet<>(ALL_RULES);
    passing.removeAll(planted.failing);
    passing.remove("R28");
    assertThat(outcome.passed).as("rules passed").isEqualTo(passing);
    if (planted.failing.contains("R29")) {
      assertThat(outcome.failed.get("R29"))
          .as("the model-based rule's report")
          .contains("differs from the model", "seed ", "shrunk to", "-Dtiercache.tck.seed=");
      System.out.println("R29 against " + planted.defect.id() + ":\n" + outcome.failed.get("R29"));
      assertReplaysItsSeed(contractFor(planted.defect), outcome.failed.get("R29"));
    }
  }

  /** Reruns R29 with the seed its report printed: that one sequence fails again. */
  private static void assertReplaysItsSeed(Class<? extends BackendContract> contract,
      String report) {
    Matcher seed = Pattern.compile("-Dtiercache\\.tck\\.seed=(-?\\d+)").matcher(report);
    assertThat(seed.find()).as("the report names a seed: %s", report).isTrue();
    String previous = System.getProperty(SEED);
    System.setProperty(SEED, seed.group(1));
    Events replay;
    try {
      replay = EngineTestKit.engine("junit-jupiter")
          .selectors(selectMethod(contract, "randomSequencesAnswerAsTheReferenceModel"))
          .configurationParameter(
              "junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
          .execute()
          .testEvents();
    } finally {
      if (previous == null) {
        System.clearProperty(SEED);
      } else {
        System.setProperty(SEED, previous);
      }
    }
    assertThat(replay.failed().stream().map(BrokenBackendDetectionTest::message))
        .as("R29 replayed with -D%s=%s", SEED, seed.group(1))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("sequence 1 of 1 ", "seed " + seed.group(1) + ":");
  }

  @Test
  void rulesNeedingMissingCapabilitiesAreSkippedWithTheirReason() {
    Outcome outcome = run(WithoutOptionalCapabilities.class);
    assertThat(outcome.failed).as("rules failed").isEmpty();
    assertThat(outcome.skipped.keySet()).as("rules skipped")
        .containsExactlyInAnyOrder("R12", "R13", "R14", "R15", "R16", "R21", "R22", "R23", "R28");
    for (String rule : Set.of("R12", "R13", "R14", "R15", "R16")) {
      assertThat(outcome.skipped.get(rule)).as("why %s is skipped", rule)
          .contains("needs capability 'tags'", "tags=false");
    }
    assertThat(outcome.skipped.get("R21")).as("why R21 is skipped")
        .isEqualTo("override corruptStoredValue to run this rule");
    for (String rule : Set.of("R22", "R23")) {
      assertThat(outcome.skipped.get(rule)).as("why %s is skipped", rule)
          .contains("needs a LocalCacheBackend");
    }
    assertThat(outcome.passed).as("rules passed").hasSize(29 - 9);
  }

  // ---------------------------------------------------------------------------------------------

  /** What one run of a contract class did, by rule number. */
  private static final class Outcome {
    final Set<String> passed = new TreeSet<>();
    final Map<String, String> failed = new TreeMap<>();
    final Map<String, String> skipped = new TreeMap<>();
  }

  private static Outcome run(Class<? extends BackendContract> contract) {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(contract))
            .configurationParameter(
                "junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
            .execute()
            .testEvents();
    Outcome outcome = new Outcome();
    tests.succeeded().stream().forEach(e -> outcome.passed.add(rule(e)));
    tests.failed().stream().forEach(e -> outcome.failed.put(rule(e), message(e)));
    tests.aborted().stream().forEach(e -> outcome.skipped.put(rule(e), message(e)));
    assertThat(tests.started().count()).as("rules started for %s", contract.getSimpleName())
        .isEqualTo(ALL_RULES.size());
    return outcome;
  }

  private static String rule(Event event) {
    String name = event.getTestDescriptor().getDisplayName();
    return name.substring(0, name.indexOf(' '));
  }

  private static String message(Event event) {
    return event.getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .map(t -> String.valueOf(t.getMessage()))
        .orElse("");
  }

  private static Set<String> without(Set<String> rules, String rule) {
    Set<String> rest = new TreeSet<>(rules);
    rest.remove(rule);
    return rest;
  }

  private static Class<? extends BackendContract> contractFor(Defect defect) {
    switch (defect) {
      case STALE_TAGS_AFTER_OVERWRITE:
        return StaleTagsAfterOverwrite.class;
      case COUNTS_GONE_KEYS:
        return CountsGoneKeys.class;
      case SERVES_AT_STALE_UNTIL:
        return ServesAtStaleUntil.class;
      case ACCEPTS_NULL_KEYS:
        return AcceptsNullKeys.class;
      case TORN_WRITES:
        return TornWrites.class;
      case THROWS_ON_CORRUPT_BYTES:
        return ThrowsOnCorruptBytes.class;
      case USABLE_AFTER_CLOSE:
        return UsableAfterClose.class;
      default:
        throw new IllegalArgumentException(defect.toString());
    }
  }

  /** The memory tier without tags and without the local interface, and no corrupting hook. */
  @Disabled(KIT_ONLY)
  static class WithoutOptionalCapabilities extends BackendContract {
    @Override
    protected String tierUri() {
      return "memory://?tags=false&local=false";
    }
  }

  /** The contract of a broken memory tier. */
  abstract static class BrokenContract extends BackendContract {
    abstract Defect defect();

    @Override
    protected String tierUri() {
      return "broken-memory://?defect=" + defect().id();
    }

    @Override
    protected void corruptStoredValue(CacheBackend<?> backend, String key) {
      MemoryBackend.corrupt(backend, key);
    }
  }

  @Disabled(KIT_ONLY)
  static class StaleTagsAfterOverwrite extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.STALE_TAGS_AFTER_OVERWRITE;
    }
  }

  @Disabled(KIT_ONLY)
  static class CountsGoneKeys extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.COUNTS_GONE_KEYS;
    }
  }

  @Disabled(KIT_ONLY)
  static class ServesAtStaleUntil extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.SERVES_AT_STALE_UNTIL;
    }
  }

  @Disabled(KIT_ONLY)
  static class AcceptsNullKeys extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.ACCEPTS_NULL_KEYS;
    }
  }

  @Disabled(KIT_ONLY)
  static class TornWrites extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.TORN_WRITES;
    }
  }

  @Disabled(KIT_ONLY)
  static class ThrowsOnCorruptBytes extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.THROWS_ON_CORRUPT_BYTES;
    }
  }

  @Disabled(KIT_ONLY)
  static class UsableAfterClose extends BrokenContract {
    @Override
    Defect defect() {
      return Defect.USABLE_AFTER_CLOSE;
    }
  }
}
