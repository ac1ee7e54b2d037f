package io.tiercache.backend.ehcache;

import static io.tiercache.backend.ehcache.Tiers.entry;
import static io.tiercache.backend.ehcache.Tiers.forever;
import static io.tiercache.backend.ehcache.Tiers.lasting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.backend.ehcache.internal.FailFastResilience;
import io.tiercache.backend.ehcache.internal.TagRecord;
import io.tiercache.backend.ehcache.internal.TagRecordSerializer;
import io.tiercache.codec.ValueCodec;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.ManualClock;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EhcachePersistenceTest {

  @TempDir Path folder;

  private final ManualClock clock = new ManualClock();

  private EhcacheBackend<String> open() {
    return Tiers.open(Tiers.persistentDisk(folder), clock);
  }

  @Test
  void persistentStoreKeepsEntriesLifetimesAndTagsAcrossAReopen() {
    CacheEntry<String> shortLived =
        entry("short", clock, Duration.ofMinutes(1), Duration.ofMinutes(1), "a", "b");
    CacheEntry<String> longLived = entry("long", clock, Duration.ofHours(1), Duration.ZERO, "a");
    CacheEntry<String> eternal = forever("eternal", "c");
    CacheEntry<String> untagged = lasting("untagged", clock);
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("short", shortLived);
      tier.putSync("long", longLived);
      tier.putSync("eternal", eternal);
      tier.putSync("untagged", untagged);
      tier.putSync("invalidated", lasting("gone", clock, "a"));
      tier.invalidateSync("invalidated");
    }

    try (EhcacheBackend<String> tier = open()) {
      assertThat(tier.getSync("short")).isEqualTo(shortLived);
      assertThat(tier.getSync("long")).isEqualTo(longLived);
      assertThat(tier.getSync("eternal")).isEqualTo(eternal);
      assertThat(tier.getSync("untagged")).isEqualTo(untagged);
      assertThat(tier.getSync("invalidated")).isNull();
      assertThat(tier.keysByTagSync("a")).containsExactlyInAnyOrder("short", "long");
      assertThat(tier.keysByTagSync("b")).containsExactly("short");
      assertThat(tier.tagsSync()).containsExactlyInAnyOrder("a", "b", "c");

      clock.advance(Duration.ofMinutes(1));
      assertThat(tier.getSync("short")).as("stale, still kept").isEqualTo(shortLived);
      clock.advance(Duration.ofMinutes(1));
      assertThat(tier.getSync("short")).as("gone at its staleUntil").isNull();
      assertThat(tier.keysByTagSync("a")).containsExactly("long");
      assertThat(tier.tagsSync()).containsExactlyInAnyOrder("a", "c");

      assertThat(tier.invalidateByTagSync("a")).containsExactly("long");
    }

    try (EhcacheBackend<String> tier = open()) {
      assertThat(tier.getSync("long")).as("invalidated by tag before the restart").isNull();
      assertThat(tier.getSync("eternal")).isEqualTo(eternal);
      assertThat(tier.tagsSync()).containsExactly("c");
      assertThat(tier.invalidateByTagSync("c")).containsExactly("eternal");
    }
  }

  @Test
  void entriesThatExpireWhileTheTierIsClosedAreGoneWhenItOpens() {
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("k", entry("v", clock, Duration.ofMinutes(1), Duration.ZERO, "t"));
      tier.putSync("stays", lasting("v", clock, "t"));
    }
    clock.advance(Duration.ofMinutes(2));

    try (EhcacheBackend<String> tier = open()) {
      assertThat(tier.getSync("k")).isNull();
      assertThat(tier.keysByTagSync("t")).containsExactly("stays");
      assertThat(tier.invalidateByTagSync("t")).containsExactly("stays");
    }
  }

  @Test
  void diskStoreThatIsNotPersistentIsEmptiedWhenTheTierCloses() {
    String uri = "ehcache:" + folder.toUri().getRawPath() + "?disk=16MB&persistent=false";
    try (EhcacheBackend<String> tier = Tiers.open(uri, clock)) {
      tier.putSync("k", lasting("v", clock, "t"));
      assertThat(tier.getSync("k")).isNotNull();
    }

    try (EhcacheBackend<String> tier = Tiers.open(uri, clock)) {
      assertThat(tier.getSync("k")).isNull();
      assertThat(tier.tagsSync()).isEmpty();
    }
  }

  @Test
  void secondTierOnTheSameFolderIsRefusedWithAClearError() {
    try (EhcacheBackend<String> first = open()) {
      first.putSync("k", lasting("v", clock, "t"));

      assertThatThrownBy(this::open)
          .isInstanceOf(TierAccessException.class)
          .hasMessageContaining("the folder '" + folder.toAbsolutePath() + "' is in use")
          .hasMessageContaining("held open by another tier of this process");

      assertThat(first.getSync("k")).as("the first tier is unharmed").isNotNull();
    }

    try (EhcacheBackend<String> second = open()) {
      assertThat(second.getSync("k")).as("the folder is free once closed").isNotNull();
    }
  }

  @Test
  void folderThatIsAFileIsAClearError() throws IOException {
    Path file = Files.writeString(folder.resolve("file"), "not a folder");
    String uri = "ehcache:" + file.toUri().getRawPath() + "?disk=16MB";

    assertThatThrownBy(() -> Tiers.open(uri, clock))
        .isInstanceOf(TierAccessException.class)
        .hasMessageContaining("cannot create the folder '" + file.toAbsolutePath() + "'");
  }

  @Test
  void storeWhoseFilesCannotBeReadIsDiscardedWithAWarning() throws IOException {
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("k", lasting("v", clock, "t"));
    }
    for (Path meta : files(".meta")) {
      Files.writeString(meta, "keyType=no.such.Type\nvalueType=no.such.Type\n");
    }

    try (LogCapture log = new LogCapture(); EhcacheBackend<String> tier = open()) {
      assertThat(tier.getSync("k")).isNull();
      assertThat(tier.tagsSync()).isEmpty();
      assertThat(log.warnings)
          .singleElement()
          .asString()
          .contains("the disk store in '" + folder.toAbsolutePath() + "' cannot be opened")
          .contains("it is discarded and the tier starts empty");
      tier.putSync("k", lasting("again", clock, "t"));
      assertThat(tier.getSync("k").value()).isEqualTo("again");
    }
  }

  @Test
  void storeWhoseTagIndexWasNotSavedIsDiscardedWithAWarning() {
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("k", lasting("v", clock, "t"));
    }
    try (PersistentCacheManager raw = rawTagsCache()) {
      raw.getCache(EhcacheBackend.TAGS_CACHE, String.class, TagRecord.class)
          .remove(TagRecord.MANIFEST_KEY);
    }

    try (LogCapture log = new LogCapture(); EhcacheBackend<String> tier = open()) {
      assertThat(tier.getSync("k")).isNull();
      assertThat(tier.keysByTagSync("t")).isEmpty();
      assertThat(log.warnings)
          .singleElement()
          .asString()
          .contains("is discarded and the tier starts empty")
          .contains("its tag index was not saved when it was last closed");
    }
  }

  @Test
  void storeWhoseTagIndexIsIncompleteIsDiscardedWithAWarning() {
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("a", lasting("v", clock, "t1"));
      tier.putSync("b", lasting("v", clock, "t2"));
    }
    try (PersistentCacheManager raw = rawTagsCache()) {
      raw.getCache(EhcacheBackend.TAGS_CACHE, String.class, TagRecord.class).remove("t2");
    }

    try (LogCapture log = new LogCapture(); EhcacheBackend<String> tier = open()) {
      assertThat(tier.getSync("a")).isNull();
      assertThat(log.warnings)
          .singleElement()
          .asString()
          .contains("its tag index is incomplete (1 of 2 tags, 1 of 2 keys)");
    }
  }

  @Test
  void storeWrittenByAnotherCodecIsDiscardedWithAWarning() {
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("k", lasting("v", clock, "t"));
    }

    ValueCodec<String> version2 = new Utf8Version2();
    try (LogCapture log = new LogCapture();
        EhcacheBackend<String> tier =
            Tiers.open(Tiers.persistentDisk(folder), version2, clock, TierEvents.NONE)) {
      assertThat(tier.getSync("k")).isNull();
      assertThat(tier.keysByTagSync("t")).isEmpty();
      assertThat(log.warnings)
          .singleElement()
          .asString()
          .contains("its entries were written by another codec or codec version (this tier"
              + " reads codec 'utf8' version 2)");
    }
  }

  @Test
  void reopeningWithAnotherDiskSizeKeepsTheEntries() {
    String smaller = "ehcache:" + folder.toUri().getRawPath() + "?disk=16MB&persistent=true";
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("k", lasting("v", clock, "t"));
    }

    try (LogCapture log = new LogCapture(); EhcacheBackend<String> tier = Tiers.open(smaller, clock)) {
      assertThat(tier.getSync("k")).isNotNull();
      assertThat(log.warnings).isEmpty();
    }
  }

  @Test
  void reopeningAPersistentStoreAsNotPersistentDiscardsItWithAWarning() {
    String notPersistent = "ehcache:" + folder.toUri().getRawPath() + "?disk=32MB";
    try (EhcacheBackend<String> tier = open()) {
      tier.putSync("k", lasting("v", clock, "t"));
    }

    try (LogCapture log = new LogCapture();
        EhcacheBackend<String> tier = Tiers.open(notPersistent, clock)) {
      assertThat(tier.getSync("k")).isNull();
      assertThat(log.warnings).singleElement().asString().contains("cannot be opened");
    }
  }

  @Test
  void cleanRestartsLogNothing() {
    try (LogCapture log = new LogCapture()) {
      for (int round = 0; round < 3; round++) {
        try (EhcacheBackend<String> tier = open()) {
          if (round > 0) {
            assertThat(tier.getSync("k" + (round - 1))).isNotNull();
            assertThat(tier.keysByTagSync("t")).hasSize(round);
          }
          tier.putSync("k" + round, lasting("v", clock, "t"));
        }
      }
      assertThat(log.warnings).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Opens the store's tags cache with plain Ehcache, as the tier configures it. */
  private PersistentCacheManager rawTagsCache() {
    return CacheManagerBuilder.newCacheManagerBuilder()
        .with(
            CacheManagerBuilder.persistence(
                folder.resolve(EhcacheBackend.STORE_FOLDER).toFile()))
        .withCache(
            EhcacheBackend.TAGS_CACHE,
            CacheConfigurationBuilder.newCacheConfigurationBuilder(
                    String.class,
                    TagRecord.class,
                    ResourcePoolsBuilder.heap(16).disk(32, MemoryUnit.MB, true))
                .withValueSerializer(new TagRecordSerializer())
                .withResilienceStrategy(new FailFastResilience<String, TagRecord>()))
        .build(true);
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      List<Path> found =
          all.filter(path -> path.getFileName().toString().endsWith(suffix))
              .collect(Collectors.toList());
      assertThat(found).as("files ending in %s", suffix).isNotEmpty();
      return found;
    }
  }

  /** UTF-8 under another codec version. */
  private static final class Utf8Version2 implements ValueCodec<String> {
    @Override
    public String id() {
      return "utf8";
    }

    @Override
    public int version() {
      return 2;
    }

    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
