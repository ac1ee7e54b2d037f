package io.tiercache.backend.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.spi.TierAccessException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {

  @TempDir Path root;

  @Test
  void secondHolderInThisProcessIsRefusedUntilTheFirstReleases() {
    Path folder = root.resolve("a/b");
    FolderLock first = FolderLock.acquire(folder, "L2-ehcache");

    assertThat(Files.isRegularFile(folder.resolve(FolderLock.FILE_NAME))).isTrue();
    assertThatThrownBy(() -> FolderLock.acquire(folder, "L3-ehcache"))
        .isInstanceOf(TierAccessException.class)
        .hasMessage(
            "tier 'L3-ehcache': the folder '" + folder + "' is in use: its disk store is held open"
                + " by another tier of this process; a disk store can be opened by one tier at a"
                + " time (close the other tier, or give this one another folder)");

    first.close();
    first.close();
    try (FolderLock second = FolderLock.acquire(folder, "L3-ehcache")) {
      assertThat(second.folder()).isEqualTo(folder);
      assertThat(second.toString()).endsWith(", held]");
    }
  }
}
