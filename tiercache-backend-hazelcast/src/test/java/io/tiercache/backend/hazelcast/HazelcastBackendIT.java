package io.tiercache.backend.hazelcast;

import static io.tiercache.backend.hazelcast.Tiers.await;
import static io.tiercache.backend.hazelcast.Tiers.lasting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.tiercache.spi.CacheEntry;
import io.tiercache.spi.TierAccessException;
import io.tiercache.spi.TierEvents;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Hazelcast tier does in the cluster, beyond what the TCK can see. */
class HazelcastBackendIT {

  private static HazelcastCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastCluster.twoMembers();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static IMap<String, Object> memberMap(String name) {
    return cluster.member(0).getMap(name);
  }

  @Test
  void theClusterDropsAnEntryNeverBeforeItsStaleUntilAndSoonAfter() {
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("ttl"))) {
      long now = System.currentTimeMillis();
      CacheEntry<String> brief =
          CacheEntry.of("v", now, Duration.ofMillis(1500), Duration.ofMillis(1000), Set.of("t"));
      CacheEntry<String> forever =
          new CacheEntry<>("f", CacheEntry.NEVER, CacheEntry.NEVER, Set.of());
      await(tier.put("brief", brief));
      await(tier.put("forever", forever));

      EntryView<String, Object> view = memberMap("ttl").getEntryView("brief");
      assertThat(view.getExpirationTime())
          .as("the cluster keeps it at least until staleUntil, at most two seconds more")
          .isBetween(brief.staleUntil(), brief.staleUntil() + 2_000);
      assertThat(memberMap("ttl").getEntryView("forever").getTtl())
          .as("an entry that never expires has no TTL")
          .isIn(0L, Long.MAX_VALUE);
      Tiers.eventually(
          "the cluster to drop the entry once gone",
          Duration.ofSeconds(10),
          () -> !memberMap("ttl").containsKey("brief"));
      assertThat(memberMap("ttl").containsKey("forever")).isTrue();
    }
  }

  @Test
  void recordsAreCompactWithTheirTagsAndStaleUntilReadableWithoutTiercacheClasses() {
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("records"))) {
      CacheEntry<String> entry = lasting("value", "b", "a");
      await(tier.put("k", entry));
      // A client that registers no tiercache serializer sees the record as a generic one.
      HazelcastInstance raw = cluster.newClient();
      GenericRecord record = (GenericRecord) raw.getMap("records").get("k");

      assertThat(record.getArrayOfString(StoredEntry.TAGS)).containsExactly("a", "b");
      assertThat(record.getInt64(StoredEntry.STALE_UNTIL)).isEqualTo(entry.staleUntil());
      assertThat(record.getArrayOfInt8(StoredEntry.ENTRY)).startsWith((byte) 'T', (byte) 'C');
      assertThat(await(tier.keysByTag("a"))).containsExactly("k");
    }
  }

  @Test
  void corruptRecordsReadAsAMissAreReportedAndRemoved() {
    List<String> reported = new CopyOnWriteArrayList<>();
    TierEvents events =
        new TierEvents() {
          @Override
          public void onCorruptEntry(String key, String reason) {
            reported.add(key + ": " + reason);
          }
        };
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("corrupt"), events)) {
      HazelcastInstance raw = cluster.newClient();
      IMap<String, Object> map = raw.getMap("corrupt");
      GenericRecord garbage =
          GenericRecordBuilder.compact(StoredEntry.TYPE_NAME)
              .setArrayOfInt8(StoredEntry.ENTRY, "no entry".getBytes(StandardCharsets.UTF_8))
              .setArrayOfString(StoredEntry.TAGS, new String[] {"t"})
              .setInt64(StoredEntry.STALE_UNTIL, Long.MAX_VALUE)
              .build();
      GenericRecord otherShape =
          GenericRecordBuilder.compact(StoredEntry.TYPE_NAME)
              .setString("payload", "from another program")
              .setArrayOfString(StoredEntry.TAGS, new String[0])
              .build();
      map.set("garbage", garbage);
      map.set("other-shape", otherShape);
      await(tier.put("intact", lasting("ok")));

      assertThat(await(tier.getAll(List.of("garbage", "other-shape", "intact"))))
          .containsOnlyKeys("intact");
      assertThat(reported)
          .hasSize(2)
          .anySatisfy(line -> assertThat(line).startsWith("garbage: not a tiercache entry"))
          .anySatisfy(
              line -> assertThat(line).isEqualTo(
                  "other-shape: a 'tiercache.entry' record without its 'entry' field"));
      Tiers.eventually(
          "the corrupt records to be removed",
          () -> !map.containsKey("garbage") && !map.containsKey("other-shape"));
      assertThat(map.containsKey("intact")).isTrue();
      await(tier.put("garbage", lasting("written again")));
      assertThat(await(tier.get("garbage")).value()).isEqualTo("written again");
    }
  }

  @Test
  void aValueOfAnotherTypeFailsItsWriterBreaksNoTagQueryAndReadsAsAMiss() {
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("foreign"))) {
      await(tier.put("ours", lasting("v", "t")));
      IMap<String, Object> map = cluster.newClient().getMap("foreign");

      assertThatThrownBy(() -> map.set("k", "a plain string"))
          .as("the index refuses it, though the member keeps the value")
          .hasMessageContaining("tags");
      assertThat(await(tier.tags())).containsExactly("t");
      assertThat(await(tier.keysByTag("t"))).containsExactly("ours");
      assertThat(await(tier.get("k"))).isNull();
      assertThat(await(tier.get("k")))
          .as("a miss every time: Hazelcast can no more unindex the value than index it")
          .isNull();
      assertThat(await(tier.get("ours")).value()).isEqualTo("v");
    } finally {
      cluster.newClient().getMap("foreign").destroy();
    }
  }

  @Test
  void tiersWithTheSameSettingsShareOneClientUntilTheLastCloses() {
    HazelcastBackend<String> first = Tiers.open(cluster.clientUri("shared-a"));
    HazelcastBackend<String> second = Tiers.open(cluster.clientUri("shared-b") + "&ttl=1h");
    HazelcastBackend<String> own = Tiers.open(cluster.clientUri("shared-a") + "&instance=own");
    try {
      assertThat(second.instance()).isSameAs(first.instance());
      assertThat(own.instance()).isNotSameAs(first.instance());
      assertThat(first.invalidationBus()).isNotSameAs(second.invalidationBus());

      await(first.put("k", lasting("v")));
      first.close();
      assertThatThrownBy(() -> first.get("k"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("tier 'L1-hazelcast' is closed");
      assertThat(second.instance().getLifecycleService().isRunning())
          .as("the client still serves the other tier")
          .isTrue();
      assertThat(await(own.get("k")).value()).as("entries outlive the tier").isEqualTo("v");
      await(second.put("k2", lasting("v2")));
    } finally {
      first.close();
      second.close();
      own.close();
    }
    assertThat(second.instance().getLifecycleService().isRunning())
        .as("the last tier shut the client down")
        .isFalse();
  }

  @Test
  void futuresCompleteOnTheTiersThreadsNeverOnHazelcasts() {
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("threads"))) {
      await(tier.put("k", lasting("v", "t")));
      Set<String> threads = new java.util.HashSet<>();
      for (int i = 0; i < 50; i++) {
        // A stage chained on a future not yet complete runs where the future completes; one
        // chained on a complete future runs on the caller ("main").
        threads.add(await(tier.get("k").thenApply(entry -> Thread.currentThread().getName())));
        threads.add(
            await(tier.keysByTag("t").thenApply(keys -> Thread.currentThread().getName())));
      }

      assertThat(threads)
          .allSatisfy(
              thread ->
                  assertThat(thread)
                      .matches("main|tiercache-hazelcast-L1-hazelcast-(callback|query)-[0-9]+"))
          .anySatisfy(thread -> assertThat(thread).contains("-callback-"));
    }
  }

  @Test
  void backupCountIsAppliedToTheMapAndAConflictFailsTheOpening() {
    try (HazelcastBackend<String> tier =
        Tiers.open(cluster.clientUri("backed") + "&backupCount=0")) {
      await(tier.put("k", lasting("v")));
      assertThat(cluster.member(1).getConfig().getMapConfig("backed").getBackupCount()).isZero();
      assertThat(
              cluster.member(1).getConfig().getRingbufferConfig("tiercache.bus.backed")
                  .getBackupCount())
          .isZero();

      assertThatThrownBy(
              () -> Tiers.open(cluster.clientUri("backed") + "&backupCount=2&instance=other"))
          .isInstanceOf(TierAccessException.class)
          .hasMessageStartingWith(
              "tier 'L1-hazelcast': could not open map 'backed' on a client of cluster '"
                  + cluster.clusterName() + "'");
    }
  }

  @Test
  void anUnreachableClusterFailsTheOpeningWithinConnectTimeout() {
    String nobody = "127.0.0.1:" + HazelcastCluster.freePort();
    long start = System.nanoTime();

    assertThatThrownBy(
            () -> Tiers.open("hazelcast://" + nobody + "/m?cluster=nobody&connectTimeout=1s"))
        .isInstanceOf(TierAccessException.class)
        .hasMessage(
            "tier 'L1-hazelcast': no member answered a client of cluster 'nobody' at " + nobody
                + " within 1000 ms (connectTimeout); is the cluster up, and is its name right?");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    Tiers.eventually(
        "the client that never connected to be gone",
        () -> HazelcastClient.getAllHazelcastClients().stream().noneMatch(
            HazelcastBackendIT::isRunningClientOfNobody));
  }

  private static boolean isRunningClientOfNobody(HazelcastInstance client) {
    try {
      return client.getLifecycleService().isRunning()
          && client.getConfig().getClusterName().equals("nobody");
    } catch (IllegalStateException failedToStart) {
      return false;
    }
  }

  @Test
  void credentialsAnOpenSourceClusterRefusesAreNamedButNeverShown() {
    String uri =
        "hazelcast://app:s3cret-word@" + cluster.memberList() + "/m?cluster="
            + cluster.clusterName() + "&connectTimeout=2s";

    assertThatThrownBy(() -> Tiers.open(uri))
        .isInstanceOf(TierAccessException.class)
        .hasMessageContaining("are its name and the credentials right?")
        .hasMessageNotContaining("s3cret-word");
  }

  @Test
  void anEmbeddedMemberJoinsTheMembersItIsGivenAndALiteOneHoldsNoEntries() {
    try (HazelcastBackend<String> client = Tiers.open(cluster.clientUri("joined"));
        HazelcastBackend<String> member = Tiers.open(cluster.embeddedUri("joined"));
        HazelcastBackend<String> lite = Tiers.open(cluster.embeddedUri("joined") + "&lite=true")) {
      cluster.awaitClusterSize(4);
      for (int i = 0; i < 200; i++) {
        await(member.put("k" + i, lasting("v" + i)));
      }

      assertThat(await(client.get("k7")).value()).isEqualTo("v7");
      assertThat(await(lite.get("k8")).value()).isEqualTo("v8");
      assertThat(member.instance().getCluster().getLocalMember().isLiteMember()).isFalse();
      assertThat(lite.instance().getCluster().getLocalMember().isLiteMember()).isTrue();
      assertThat(lite.instance().getMap("joined").getLocalMapStats().getOwnedEntryCount())
          .isZero();
      assertThat(member.instance().getMap("joined").getLocalMapStats().getOwnedEntryCount())
          .as("a full member owns a share")
          .isPositive();
    }
    cluster.awaitClusterSize(2);
  }
}
