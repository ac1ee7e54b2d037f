package io.tiercache.backend.hazelcast;

import static io.tiercache.backend.hazelcast.Tiers.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.instance.impl.LifecycleServiceImpl;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.Invalidation.Kind;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationListener;
import io.tiercache.tck.hazelcast.HazelcastCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The invalidation bus on a ring buffer: delivery, durability, and every kind of loss. */
class InvalidationBusIT {

  private static HazelcastCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster =
        HazelcastCluster.builder()
            .members(3)
            .configure(
                config ->
                    config.addRingBufferConfig(
                        new RingbufferConfig("tiercache.bus.small").setCapacity(10)))
            .start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static InvalidationBus bus(HazelcastBackend<String> tier) {
    return tier.invalidationBus().orElseThrow();
  }

  private static Invalidation keys(String origin, String... keys) {
    return new Invalidation(origin, Kind.KEYS, List.of(keys));
  }

  @Test
  void everyMessageReachesEverySubscriberInOrderThePublishersToo() {
    try (HazelcastBackend<String> a = Tiers.open(cluster.clientUri("bus") + "&instance=a");
        HazelcastBackend<String> b = Tiers.open(cluster.clientUri("bus") + "&instance=b")) {
      RecordingListener atA = new RecordingListener();
      RecordingListener atB = new RecordingListener();
      bus(a).subscribe(atA);
      bus(b).subscribe(atB);
      List<Invalidation> sent =
          List.of(
              keys("a", "k1", "ключ"),
              new Invalidation("a", Kind.TAGS, List.of("t")),
              new Invalidation("a", Kind.CLEAR, List.of()),
              keys("b", "k3"));

      for (int i = 0; i < 3; i++) {
        await(bus(a).publish(sent.get(i)));
      }
      await(bus(b).publish(sent.get(3)));

      Tiers.eventually(
          "both subscribers to get the four messages",
          () -> atA.messages().size() == 4 && atB.messages().size() == 4);
      assertThat(atA.events()).containsExactlyElementsOf(sent);
      assertThat(atB.events()).containsExactlyElementsOf(sent);
      assertThat(bus(a).isConnected()).isTrue();
      assertThat(bus(a)).isSameAs(bus(a));
    }
  }

  @Test
  void aReaderThatFellBehindTheRingBufferIsToldOfTheLossAndReadsOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener recorded = new RecordingListener();
    InvalidationListener slow =
        new InvalidationListener() {
          @Override
          public void onInvalidation(Invalidation message) {
            recorded.onInvalidation(message);
            if (message.items().contains("first")) {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public void onConnectionLost() {
            recorded.onConnectionLost();
          }

          @Override
          public void onReconnected() {
            recorded.onReconnected();
          }
        };
    try (HazelcastBackend<String> reader = Tiers.open(cluster.clientUri("small") + "&instance=r");
        HazelcastBackend<String> writer =
            Tiers.open(cluster.clientUri("small") + "&instance=w")) {
      bus(reader).subscribe(slow);
      await(bus(writer).publish(keys("w", "first")));
      Tiers.eventually("the reader to be stuck on the first message", () -> !recorded.events()
          .isEmpty());
      for (int i = 0; i < 30; i++) {
        await(bus(writer).publish(keys("w", "m" + i)));
      }

      release.countDown();
      Tiers.eventually(
          "the reader to catch up",
          () -> recorded.messages().stream().anyMatch(m -> m.items().contains("m29")));
      await(bus(writer).publish(keys("w", "after")));
      Tiers.eventually(
          "a message after the loss",
          () -> recorded.messages().stream().anyMatch(m -> m.items().contains("after")));

      List<Object> events = recorded.events();
      assertThat(events.get(0)).isEqualTo(keys("w", "first"));
      assertThat(events.subList(1, 3)).containsExactly("lost", "returned");
      List<Object> expectedTail = new ArrayList<>();
      for (int i = 20; i < 30; i++) {
        expectedTail.add(keys("w", "m" + i));
      }
      expectedTail.add(keys("w", "after"));
      assertThat(events.subList(3, events.size()))
          .as("the ten messages the ring buffer still held, then the next")
          .containsExactlyElementsOf(expectedTail);
      assertThat(bus(reader).isConnected()).isTrue();
    }
  }

  @Test
  void anAcknowledgedMessageSurvivesTheCrashOfTheRingBuffersOwner() {
    try (HazelcastBackend<String> a = Tiers.open(cluster.clientUri("durable") + "&instance=a");
        HazelcastBackend<String> b = Tiers.open(cluster.clientUri("durable") + "&instance=b")) {
      RecordingListener atB = new RecordingListener();
      bus(b).subscribe(atB);
      List<Invalidation> sent = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sent.add(keys("a", "before-" + i));
        await(bus(a).publish(sent.get(i)));
      }
      Member owner =
          cluster.member(0).getPartitionService().getPartition("tiercache.bus.durable").getOwner();
      int slot = slotOf(owner);

      cluster.terminateMember(slot);
      cluster.awaitClusterSize(2);
      for (int i = 0; i < 50; i++) {
        Invalidation message = keys("a", "after-" + i);
        sent.add(message);
        publishUntilAcknowledged(bus(a), message);
      }

      Tiers.eventually(
          "every acknowledged message",
          () -> atB.messages().contains(sent.get(sent.size() - 1)));
      assertThat(withoutRepeats(atB.events()))
          .as("in order, none lost (a publication retried after the crash may come twice)")
          .containsExactlyElementsOf(sent);
    } finally {
      for (int i = 0; i < cluster.size(); i++) {
        if (!cluster.isRunning(i)) {
          cluster.startMember(i);
        }
      }
      cluster.awaitClusterSize(3);
    }
  }

  @Test
  void aForeignMessageOnTheRingBufferIsReadAsAClear() {
    try (HazelcastBackend<String> tier = Tiers.open(cluster.clientUri("foreign-bus"))) {
      RecordingListener recorded = new RecordingListener();
      bus(tier).subscribe(recorded);

      cluster.newClient().getRingbuffer("tiercache.bus.foreign-bus").add(new byte[] {1, 2, 3});

      Tiers.eventually("the message", () -> !recorded.messages().isEmpty());
      assertThat(recorded.messages())
          .containsExactly(
              new Invalidation("tiercache-hazelcast:undecodable-message", Kind.CLEAR, List.of()));
    }
  }

  @Test
  void anEmbeddedMemberSplitFromItsClusterIsALossAndItsMergeAReturn() {
    String uri = "hazelcast-embedded:split?cluster=split-" + System.nanoTime()
        + "&address=127.0.0.1&port=" + HazelcastCluster.freePort();
    try (HazelcastBackend<String> tier = Tiers.open(uri)) {
      RecordingListener recorded = new RecordingListener();
      bus(tier).subscribe(recorded);
      LifecycleServiceImpl lifecycle = (LifecycleServiceImpl) tier.instance()
          .getLifecycleService();

      lifecycle.fireLifecycleEvent(LifecycleState.MERGING);
      Tiers.eventually("the loss", () -> recorded.losses() == 1);
      assertThat(bus(tier).isConnected()).isFalse();
      lifecycle.fireLifecycleEvent(LifecycleState.MERGED);
      Tiers.eventually("the return", () -> recorded.returns() == 1);
      assertThat(bus(tier).isConnected()).isTrue();
      await(bus(tier).publish(keys("me", "k")));
      Tiers.eventually("a message after the merge", () -> recorded.messages().size() == 1);
      assertThat(recorded.events()).containsExactly("lost", "returned", keys("me", "k"));
    }
  }

  @Test
  void anEmbeddedMemberThatShutsDownIsALossAndItsBusClosesQuietly() {
    String uri = "hazelcast-embedded:down?cluster=down-" + System.nanoTime()
        + "&address=127.0.0.1&port=" + HazelcastCluster.freePort();
    HazelcastBackend<String> tier = Tiers.open(uri);
    RecordingListener recorded = new RecordingListener();
    bus(tier).subscribe(recorded);
    HazelcastInstance member = tier.instance();

    member.shutdown();

    Tiers.eventually("the loss", () -> recorded.losses() == 1);
    assertThat(bus(tier).isConnected()).isFalse();
    tier.close();
    assertThatThrownBy(() -> bus(tier).publish(keys("me", "k")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the invalidation bus of tier 'L1-hazelcast-embedded' is closed");
    assertThatThrownBy(() -> bus(tier).subscribe(recorded))
        .isInstanceOf(IllegalStateException.class);
    assertThat(recorded.events()).containsExactly("lost");
  }

  /**
   * Publishes until the cluster acknowledges: a publication in flight when a member crashes may
   * fail (Hazelcast does not resend a write whose outcome it does not know).
   */
  private static void publishUntilAcknowledged(InvalidationBus bus, Invalidation message) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        await(bus.publish(message));
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new AssertionError("publishing failed 20 times", last);
  }

  private static List<Object> withoutRepeats(List<Object> events) {
    List<Object> distinct = new ArrayList<>();
    for (Object event : events) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(event)) {
        distinct.add(event);
      }
    }
    return distinct;
  }

  private static int slotOf(Member member) {
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.isRunning(i)
          && cluster.member(i).getCluster().getLocalMember().getUuid().equals(member.getUuid())) {
        return i;
      }
    }
    throw new AssertionError(member + " is not a running member of " + cluster);
  }
}
