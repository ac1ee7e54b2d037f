package io.tiercache.backend.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.spi.LocalCacheBackend;
import io.tiercache.spi.TierAccessException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk store's folder is held by one JVM at a time; another gets a clear error. */
class DiskStoreLockIT {

  @TempDir Path folder;
  @TempDir Path logs;

  @Test
  void tierInThisJvmIsRefusedWhileAChildJvmHoldsTheFolder() throws Exception {
    try (ChildJvm child = ChildJvm.start(logs, folder.toString(), "hold", "20")) {
      child.await("HELD"::equals, "HELD");

      assertThatThrownBy(() -> DiskStoreHolder.open(folder))
          .isInstanceOf(TierAccessException.class)
          .hasMessageContaining("the folder '" + folder.toAbsolutePath() + "' is in use")
          .hasMessageContaining("held open by another process");

      child.tell("close");
      child.await("CLOSED"::equals, "CLOSED");
      assertThat(child.exitCode()).isZero();
    }

    try (LocalCacheBackend<String> tier = DiskStoreHolder.open(folder)) {
      assertThat(CrashValues.writeOf("k19", tier.getSync("k19"))).isEqualTo(19);
    }
  }

  @Test
  void childJvmIsRefusedWhileThisJvmHoldsTheFolder() throws Exception {
    try (LocalCacheBackend<String> tier = DiskStoreHolder.open(folder)) {
      tier.putSync("k1", CrashValues.entry(1, System.currentTimeMillis()));

      try (ChildJvm child = ChildJvm.start(logs, folder.toString(), "try-open")) {
        String refused = child.await(line -> line.startsWith("REFUSED "), "REFUSED");
        assertThat(refused)
            .contains("the folder '" + folder.toAbsolutePath() + "' is in use")
            .contains("held open by another process");
        assertThat(child.exitCode()).isEqualTo(3);
      }

      assertThat(CrashValues.writeOf("k1", tier.getSync("k1"))).isEqualTo(1);
    }
  }
}
