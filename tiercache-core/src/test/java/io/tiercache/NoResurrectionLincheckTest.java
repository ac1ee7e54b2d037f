package io.tiercache;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.ManualClock;
import io.tiercache.testing.MapTier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck races promoting reads against puts and invalidations over two in-process tiers (L1
 * {@code promote=always} over L2, write-around, so that reads promote) and checks every outcome
 * against a plain map.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class NoResurrectionLincheckTest {

  private final ManualClock clock = new ManualClock();
  private final TieredCache<String> cache =
      TieredCache.builder(ValueCodec.utf8())
          .clock(clock)
          .writePolicy(WritePolicy.WRITE_AROUND)
          .stripes(16)
          .tier(new MapTier<>("l1", clock), "promote=always")
          .tier(new MapTier<>("l2", clock))
          .build();

  @Operation
  public @Nullable String get(@Param(name = "key") int key) {
    return cache.getIfPresent("k" + key);
  }

  @Operation
  public void put(@Param(name = "key") int key, @Param(name = "value") int value) {
    cache.put("k" + key, "v" + value);
  }

  @Operation
  public boolean invalidate(@Param(name = "key") int key) {
    return cache.invalidate("k" + key).join();
  }

  @Test
  void stressAgreesWithAMap() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Specification.class)
        .check(NoResurrectionLincheckTest.class);
  }

  @Test
  void modelCheckingAgreesWithAMap() {
    // MapTier's operations are atomic per key by contract (its map locks the key), and the
    // statistics' adders do not affect outcomes: switching threads inside them only slows the
    // search down. An invocation costs about 50 ms here (it runs the whole cache, futures
    // included): 5 scenarios of 40 interleavings each keep the test near 10 s, and still find a
    // promotion made unconditional in the first scenario.
    new ModelCheckingOptions()
        .iterations(5)
        .invocationsPerIteration(40)
        .addGuarantee(forClasses(MapTier.class.getName()).allMethods().treatAsAtomic())
        .addGuarantee(forClasses(LongAdder.class.getName()).allMethods().ignore())
        .threads(2)
        .actorsPerThread(3)
        .sequentialSpecification(Specification.class)
        .check(NoResurrectionLincheckTest.class);
  }

  /** The sequential specification: a plain map. */
  public static final class Specification {
    private final Map<String, String> map = new HashMap<>();

    public @Nullable String get(int key) {
      return map.get("k" + key);
    }

    public void put(int key, int value) {
      map.put("k" + key, "v" + value);
    }

    public boolean invalidate(int key) {
      return map.remove("k" + key) != null;
    }
  }
}
