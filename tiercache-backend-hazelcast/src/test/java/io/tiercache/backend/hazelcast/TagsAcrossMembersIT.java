package io.tiercache.backend.hazelcast;

import static io.tiercache.backend.hazelcast.Tiers.await;
import static io.tiercache.backend.hazelcast.Tiers.lasting;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.IMap;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tag queries and tag invalidation on three members, where every entry has a primary copy on one
 * member and backups on others: each key is met once, and counts are of keys this call removed.
 */
class TagsAcrossMembersIT {

  private static HazelcastCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastCluster.threeMembers();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void tagInvalidationRemovesAndCountsEachKeyOnceWithCopiesOnEveryMember() {
    try (HazelcastBackend<String> tier =
        Tiers.open(cluster.clientUri("spread") + "&backupCount=2")) {
      Set<String> tagged = new LinkedHashSet<>();
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String key = "k" + i;
        if (i % 3 == 0) {
          writes.add(tier.put(key, lasting("v" + i, "t", "other")));
          tagged.add(key);
        } else {
          writes.add(tier.put(key, lasting("v" + i, "other")));
        }
      }
      writes.forEach(Tiers::await);
      cluster.awaitSafe();
      Set<Member> owners = new HashSet<>();
      for (String key : tagged) {
        owners.add(cluster.member(0).getPartitionService().getPartition(key).getOwner());
      }
      assertThat(owners).as("the tagged keys' owners").hasSize(3);
      for (int m = 0; m < 3; m++) {
        IMap<String, Object> local = cluster.member(m).getMap("spread");
        assertThat(local.getLocalMapStats().getBackupEntryCount())
            .as("member %s holds backups of the others' entries", m)
            .isPositive();
      }

      assertThat(await(tier.keysByTag("t"))).containsExactlyInAnyOrderElementsOf(tagged);
      assertThat(await(tier.tags())).containsExactlyInAnyOrder("t", "other");
      assertThat(await(tier.invalidateByTag("t")))
          .as("each tagged key, once")
          .containsExactlyInAnyOrderElementsOf(tagged);
      assertThat(cluster.member(1).getMap("spread").size()).isEqualTo(200);
      assertThat(await(tier.keysByTag("t"))).isEmpty();
      assertThat(await(tier.tags())).containsExactly("other");
      assertThat(await(tier.invalidateByTag("t"))).as("nothing left to remove").isEmpty();
      assertThat(await(tier.invalidateByTag("other"))).hasSize(200);
    }
  }

  @Test
  void anEntryOverwrittenWithoutTheTagDuringATagInvalidationSurvivesIt() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("race"));
        HazelcastBackend<String> other =
            Tiers.open(cluster.clientUri("race") + "&instance=writer")) {
      for (int round = 0; round < 10; round++) {
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          String key = "r" + round + "-" + i;
          keys.add(key);
          writes.add(tier.put(key, lasting("tagged", "t" + round)));
        }
        writes.forEach(Tiers::await);
        CountDownLatch go = new CountDownLatch(1);
        String tag = "t" + round;
        Future<Set<String>> invalidation =
            writers.submit(
                () -> {
                  go.await();
                  return await(tier.invalidateByTag(tag));
                });
        Future<?> overwrites =
            writers.submit(
                () -> {
                  go.await();
                  for (String key : keys) {
                    await(other.put(key, lasting("untagged")));
                  }
                  return null;
                });
        go.countDown();
        Set<String> removed = invalidation.get(30, TimeUnit.SECONDS);
        overwrites.get(30, TimeUnit.SECONDS);

        assertThat(keys).containsAll(removed);
        for (String key : keys) {
          // Overwritten before the removal reached it: the compare-and-delete left it alone.
          // Overwritten after: written again. Either way the untagged value is there.
          assertThat(await(tier.get(key)))
              .as("round %s, key %s (the invalidation removed %s keys)", round, key,
                  removed.size())
              .isNotNull()
              .satisfies(entry -> assertThat(entry.value()).isEqualTo("untagged"));
        }
      }
    } finally {
      writers.shutdownNow();
    }
  }
}
