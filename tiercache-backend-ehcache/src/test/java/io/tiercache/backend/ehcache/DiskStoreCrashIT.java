package io.tiercache.backend.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.LocalCacheBackend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A persistent disk store whose JVM is killed ({@code kill -9}) while it holds the store reopens
 * without an exception and without a wrong or partial value: the store is empty and a warning
 * says why. A JVM that closes its tier leaves every entry readable.
 */
class DiskStoreCrashIT {

  @TempDir Path folder;
  @TempDir Path logs;

  /** The number of writes the child has made when it is killed: none, a few, many. */
  @ParameterizedTest(name = "killed after {0} writes")
  @ValueSource(ints = {0, 40, 400, 3000})
  void storeOfAKilledJvmReopensEmptyWithAWarning(int writes) throws Exception {
    try (ChildJvm child = ChildJvm.start(logs, folder.toString(), "write")) {
      if (writes == 0) {
        child.await("OPEN"::equals, "OPEN");
      } else {
        child.awaitWrite(writes);
      }
      assertThat(child.kill9()).as("exit code of a JVM killed by SIGKILL").isEqualTo(128 + 9);
    }

    try (LogCapture log = new LogCapture();
        LocalCacheBackend<String> tier = DiskStoreHolder.open(folder)) {
      Map<String, Integer> found = readBack(tier);

      assertThat(found).as("entries read back after the kill").isEmpty();
      assertThat(log.warnings)
          .singleElement()
          .asString()
          .contains("the disk store in '" + folder.toAbsolutePath() + "' was not closed")
          .contains("the tier starts empty");
      assertThat(tier.tags().join()).isEmpty();

      tier.putSync("after", CrashValues.entry(1, System.currentTimeMillis()));
      assertThat(tier.getSync("after")).isNotNull();
    }
    try (LogCapture log = new LogCapture();
        LocalCacheBackend<String> tier = DiskStoreHolder.open(folder)) {
      assertThat(tier.getSync("after")).as("the store works again across restarts").isNotNull();
      assertThat(log.warnings).isEmpty();
    }
  }

  @Test
  void storeOfAJvmThatClosedItsTierKeepsEveryEntry() throws Exception {
    int writes = 1000;
    try (ChildJvm child = ChildJvm.start(logs, folder.toString(), "write-and-close", "" + writes)) {
      child.await("CLOSED"::equals, "CLOSED");
      assertThat(child.exitCode()).isZero();
    }

    try (LogCapture log = new LogCapture();
        LocalCacheBackend<String> tier = DiskStoreHolder.open(folder)) {
      Map<String, Integer> found = readBack(tier);

      assertThat(found).hasSize(CrashValues.KEYS);
      found.forEach(
          (key, write) ->
              assertThat(write).as("the last write of %s", key)
                  .isEqualTo(lastWriteOf(key, writes)));
      assertThat(tier.keysByTag("t0").join()).hasSize(CrashValues.KEYS / 4);
      assertThat(log.warnings).isEmpty();
    }
  }

  @Test
  void storeClosedBeforeItsJvmWasKilledKeepsEveryEntryIntact() throws Exception {
    int writes = 500;
    try (ChildJvm child =
        ChildJvm.start(logs, folder.toString(), "close-and-wait", "" + writes)) {
      child.await("CLOSED"::equals, "CLOSED");
      assertThat(child.kill9()).isEqualTo(128 + 9);
    }

    try (LogCapture log = new LogCapture();
        LocalCacheBackend<String> tier = DiskStoreHolder.open(folder)) {
      Map<String, Integer> found = readBack(tier);

      assertThat(found).hasSize(CrashValues.KEYS);
      found.forEach(
          (key, write) ->
              assertThat(write).as("the last write of %s", key)
                  .isEqualTo(lastWriteOf(key, writes)));
      assertThat(log.warnings).isEmpty();
    }
  }

  /** Reads every key; checks that each value found is whole and was written under its key. */
  private static Map<String, Integer> readBack(LocalCacheBackend<String> tier) {
    Map<String, Integer> found = new HashMap<>();
    for (int k = 0; k < CrashValues.KEYS; k++) {
      String key = CrashValues.key(k);
      CacheEntry<String> read = tier.getSync(key);
      if (read != null) {
        found.put(key, CrashValues.writeOf(key, read));
      }
    }
    return found;
  }

  private static int lastWriteOf(String key, int writes) {
    int last = -1;
    for (int i = 0; i < writes; i++) {
      if (CrashValues.key(i).equals(key)) {
        last = i;
      }
    }
    return last;
  }
}
