package io.tiercache.backend.hazelcast;

import static io.tiercache.backend.hazelcast.Tiers.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.spi.CacheEntry;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entries survive the loss of one member of three when the map keeps a backup: a crash, where
 * the backups take over, and a graceful shutdown, where the partitions move first. Without a
 * backup a crash does lose entries, which shows the check can see a loss.
 */
class MemberLossIT {

  private static final int ENTRIES = 1_000;

  private HazelcastCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = HazelcastCluster.threeMembers();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void crashOfOneOfThreeMembersLosesNoEntryWithOneBackup() {
    try (HazelcastBackend<String> tier =
        Tiers.open(cluster.clientUri("one-backup") + "&backupCount=1")) {
      Map<String, CacheEntry<String>> written = writeEntries(tier);
      cluster.awaitSafe();

      cluster.terminateMember(1);
      cluster.awaitClusterSize(2);

      assertThat(readAll(tier, written.keySet()))
          .as("every entry, read after the crash")
          .containsExactlyInAnyOrderEntriesOf(written);
    }
  }

  @Test
  void gracefulShutdownOfOneOfThreeMembersLosesNoEntry() {
    try (HazelcastBackend<String> tier =
        Tiers.open(cluster.clientUri("shutdown") + "&backupCount=1")) {
      Map<String, CacheEntry<String>> written = writeEntries(tier);

      cluster.shutdownMember(2);
      cluster.awaitClusterSize(2);

      assertThat(readAll(tier, written.keySet())).containsExactlyInAnyOrderEntriesOf(written);
    }
  }

  @Test
  void withoutBackupsACrashLosesTheCrashedMembersEntries() {
    try (HazelcastBackend<String> tier =
        Tiers.open(cluster.clientUri("no-backup") + "&backupCount=0")) {
      Map<String, CacheEntry<String>> written = writeEntries(tier);
      long ownedByVictim =
          cluster.member(1).getMap("no-backup").getLocalMapStats().getOwnedEntryCount();
      assertThat(ownedByVictim).isPositive();

      cluster.terminateMember(1);
      cluster.awaitClusterSize(2);

      System.out.printf(
          "Hazelcast member loss without backups: %d of %d entries were on the crashed member%n",
          ownedByVictim, ENTRIES);
      Tiers.eventually(
          "the survivors to take over the crashed member's partitions",
          Duration.ofSeconds(30),
          () -> {
            try {
              return readAll(tier, written.keySet()).size() == ENTRIES - ownedByVictim;
            } catch (RuntimeException partitionsStillMoving) {
              return false;
            }
          });
    }
  }

  private static Map<String, CacheEntry<String>> writeEntries(HazelcastBackend<String> tier) {
    Map<String, CacheEntry<String>> written = new LinkedHashMap<>();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      CacheEntry<String> entry = Tiers.lasting("value " + i, "tag" + i % 7);
      written.put("key" + i, entry);
      writes.add(tier.put("key" + i, entry));
    }
    writes.forEach(Tiers::await);
    return written;
  }

  private static Map<String, CacheEntry<String>> readAll(
      HazelcastBackend<String> tier, Set<String> keys) {
    return await(tier.getAll(keys));
  }
}
