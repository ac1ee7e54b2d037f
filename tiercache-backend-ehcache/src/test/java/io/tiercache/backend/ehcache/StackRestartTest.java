package io.tiercache.backend.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCache;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack of Caffeine over a persistent Ehcache disk tier keeps its lower tier across a restart. */
class StackRestartTest {

  @TempDir Path folder;

  private final ManualClock clock = new ManualClock();

  @Test
  void restartedStackReadsItsValuesBackFromTheDiskTier() {
    try (TieredCache<String> stack = Stacks.caffeineOverDisk(ValueCodec.utf8(), clock, folder)) {
      stack.put("page:1", "first page", Duration.ofMinutes(10), Set.of("pages", "p1"));
      stack.put("page:2", "second page", Duration.ofMinutes(20), Set.of("pages"));
      stack.put("other", "not a page", Duration.ofMinutes(30), Set.of());
      stack.put("dropped", "invalidated before the restart", Duration.ofHours(1), Set.of());
      stack.invalidate("dropped").join();
    }

    try (TieredCache<String> stack = Stacks.caffeineOverDisk(ValueCodec.utf8(), clock, folder)) {
      assertThat(stack.getIfPresent("page:1")).isEqualTo("first page");
      assertThat(stack.getIfPresent("page:2")).isEqualTo("second page");
      assertThat(stack.getIfPresent("other")).isEqualTo("not a page");
      assertThat(stack.getIfPresent("dropped")).isNull();
      CacheEntry<String> page1 = stack.get("page:1").join();
      assertThat(page1.expiresAt()).isEqualTo(clock.millis() + Duration.ofMinutes(10).toMillis());
      assertThat(page1.tags()).containsExactlyInAnyOrder("pages", "p1");
      assertThat(stack.keysByTag("pages").join()).containsExactlyInAnyOrder("page:1", "page:2");

      clock.advance(Duration.ofMinutes(15));
      assertThat(stack.getIfPresent("page:1")).as("past its TTL, kept from before the restart")
          .isNull();
      assertThat(stack.invalidateByTag("pages").join()).containsExactly("page:2");
    }

    try (TieredCache<String> stack = Stacks.caffeineOverDisk(ValueCodec.utf8(), clock, folder)) {
      assertThat(stack.getIfPresent("page:2")).as("a tag invalidation outlives a restart").isNull();
      assertThat(stack.getIfPresent("other")).isEqualTo("not a page");
      assertThat(stack.tags().join()).isEmpty();
    }
  }
}
