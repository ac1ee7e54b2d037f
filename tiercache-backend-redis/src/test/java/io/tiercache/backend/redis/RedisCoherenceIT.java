package io.tiercache.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCache;
import io.tiercache.backend.redis.internal.KeyLayout;
import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationListener;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two stacks with their own Caffeine L1 over one redis-server keep each other's L1 coherent, by
 * pub/sub and by client tracking; the connection's loss and return clear the L1s.
 */
@ExtendWith(RedisLogsOnFailure.class)
class RedisCoherenceIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RedisServer server;
  private String prefix;
  private TieredCache<String> a;
  private TieredCache<String> b;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    Fixtures.closeAll(server);
  }

  @AfterEach
  void closeStacks() {
    Fixtures.closeAll(a, b);
  }

  private void open(String mode) {
    prefix = "coherence-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
    String uri = server.uri() + "/0?keyPrefix=" + prefix + "&coherence=" + mode;
    a = Stacks.caffeineOver(uri);
    b = Stacks.caffeineOver(uri);
  }

  /** Puts through B: B's L1 then holds the value (a hit proves it), and A reads it from Redis. */
  private void cachedInB(String key, String value) {
    // Written by B itself: B's L1 holds it at once, and B ignores the announcement of its own
    // write. (Written by A, A's announcement could reach B after B's first read promoted the
    // value and evict that copy later, at any time.)
    b.put(key, value);
    long hits = b.stats().tier(1).hits();
    assertThat(b.getIfPresent(key)).isEqualTo(value);
    assertThat(b.stats().tier(1).hits()).as("B's read is an L1 hit").isEqualTo(hits + 1);
    assertThat(a.getIfPresent(key)).as("A reads B's write from Redis").isEqualTo(value);
  }

  /** Waits until B no longer returns {@code old} for the key. */
  private void awaitBDrops(String key, String old) {
    Await.until("B dropping its copy of " + key, WAIT, () -> !old.equals(b.getIfPresent(key)),
        () -> "(B stats: " + b.stats() + ")");
  }

  @ParameterizedTest(name = "coherence={0}")
  @ValueSource(strings = {"pubsub", "tracking"})
  void aNewerPutOnOneStackEvictsTheOthersLocalCopy(String mode) {
    open(mode);
    cachedInB("k", "v1");
    a.put("k", "v2");
    awaitBDrops("k", "v1");
    assertThat(b.getIfPresent("k")).isEqualTo("v2");
    assertThat(b.stats().coherenceEvictions()).isPositive();
  }

  @ParameterizedTest(name = "coherence={0}")
  @ValueSource(strings = {"pubsub", "tracking"})
  void anInvalidationOnOneStackEvictsTheOthersLocalCopy(String mode) {
    open(mode);
    cachedInB("k", "v1");
    assertThat(a.invalidate("k").join()).isTrue();
    awaitBDrops("k", "v1");
    assertThat(b.getIfPresent("k")).isNull();
  }

  @ParameterizedTest(name = "coherence={0}")
  @ValueSource(strings = {"pubsub", "tracking"})
  void aTagInvalidationOnOneStackEvictsTheOthersTaggedCopies(String mode) {
    open(mode);
    a.put("t1", "x", Duration.ofMinutes(5), Set.of("red"));
    a.put("t2", "y", Duration.ofMinutes(5), Set.of("red", "blue"));
    a.put("u", "z", Duration.ofMinutes(5), Set.of("blue"));
    for (String key : List.of("t1", "t2", "u")) {
      assertThat(b.getIfPresent(key)).isNotNull();
    }
    assertThat(a.invalidateByTag("red").join()).containsExactlyInAnyOrder("t1", "t2");
    awaitBDrops("t1", "x");
    awaitBDrops("t2", "y");
    assertThat(b.getIfPresent("u")).isEqualTo("z");
  }

  @ParameterizedTest(name = "coherence={0}")
  @ValueSource(strings = {"pubsub", "tracking"})
  void aClearOnOneStackClearsTheOthersLocalTier(String mode) {
    open(mode);
    cachedInB("k", "v1");
    a.clear().join();
    awaitBDrops("k", "v1");
    assertThat(b.getIfPresent("k")).isNull();
  }

  @ParameterizedTest(name = "coherence={0}")
  @ValueSource(strings = {"pubsub", "tracking"})
  void aStacksOwnWritesDoNotEvictItsOwnLocalCopy(String mode) {
    open(mode);
    a.put("mine", "v");
    assertThat(a.getIfPresent("mine")).isEqualTo("v");
    cachedInA("barrier", "1");
    // B's write reaches A after anything A's own put could have echoed (one ordered stream).
    b.put("barrier", "2");
    Await.until("A dropping the barrier", WAIT, () -> !"1".equals(a.getIfPresent("barrier")));
    long hits = a.stats().tier(1).hits();
    assertThat(a.getIfPresent("mine")).isEqualTo("v");
    assertThat(a.stats().tier(1).hits()).as("A's own entry is still in its L1").isEqualTo(hits + 1);
  }

  private void cachedInA(String key, String value) {
    b.put(key, value);
    assertThat(a.getIfPresent(key)).isEqualTo(value);
  }

  @Test
  void underTrackingAWriteByAnotherProgramEvictsLocalCopies() {
    open("tracking");
    cachedInB("k", "v1");
    cachedInB("j", "w1");
    String entryKey = KeyLayout.single(prefix).entryKey("k");
    try (RawRedis raw = RawRedis.of(server)) {
      raw.set(entryKey, "written by another program".getBytes(StandardCharsets.UTF_8));
      awaitBDrops("k", "v1");
      raw.commands().del(KeyLayout.single(prefix).entryKey("j"));
      awaitBDrops("j", "w1");
    }
    assertThat(b.getIfPresent("k")).as("foreign bytes read as a miss").isNull();
    assertThat(b.getIfPresent("j")).isNull();
  }

  @Test
  void underPubSubAWriteByAnotherProgramIsNotSeen() {
    open("pubsub");
    cachedInB("k", "v1");
    try (RawRedis raw = RawRedis.of(server)) {
      raw.commands().del(KeyLayout.single(prefix).entryKey("k"));
    }
    cachedInB("barrier", "1");
    a.put("barrier", "2");
    awaitBDrops("barrier", "1");
    assertThat(b.getIfPresent("k")).as("B's copy, unseen by pub/sub").isEqualTo("v1");
  }

  @ParameterizedTest(name = "coherence={0}")
  @ValueSource(strings = {"pubsub", "tracking"})
  void losingTheConnectionClearsLocalTiersAndCoherenceResumes(String mode) {
    open(mode);
    cachedInB("k", "v1");
    RedisInvalidationBus bus = Stacks.bus(b);
    long clears = b.stats().coherenceClears();
    // pubsub: the subscriber connections; tracking: also the data connections, which track.
    server.call("CLIENT", "KILL", "TYPE", "pubsub");
    if (mode.equals("tracking")) {
      server.call("CLIENT", "KILL", "TYPE", "normal");
    }
    Await.until("B clearing its L1 on the loss and on the return", WAIT,
        () -> b.stats().coherenceClears() >= clears + 2 && bus.isConnected(),
        () -> "(clears " + b.stats().coherenceClears() + ", " + bus + ")");
    long hits = b.stats().tier(1).hits();
    long fromRedis = b.stats().tier(2).hits();
    assertThat(b.getIfPresent("k")).isEqualTo("v1");
    assertThat(b.stats().tier(1).hits()).as("B's L1 was cleared: no L1 hit").isEqualTo(hits);
    assertThat(b.stats().tier(2).hits()).as("read from Redis again").isGreaterThan(fromRedis);
    // The subscription (and tracking) are back: coherence works again.
    a.put("k", "v2");
    awaitBDrops("k", "v1");
  }

  @Test
  void malformedMessagesAreDroppedAndCounted() {
    open("pubsub");
    RedisInvalidationBus bus = Stacks.bus(b);
    try (RawRedis raw = RawRedis.of(server)) {
      raw.commands().publish(prefix, "garbage".getBytes(StandardCharsets.UTF_8));
      raw.commands().publish(prefix, new byte[] {'T', 'I', 9, 0});
    }
    Await.until("two malformed messages counted", WAIT, () -> bus.malformed() == 2);
    cachedInB("k", "v1");
    a.put("k", "v2");
    awaitBDrops("k", "v1");
  }

  @Test
  void theBusDeliversEveryMessageIncludingTheSendersOwn() throws Exception {
    open("pubsub");
    List<Invalidation> seen = new CopyOnWriteArrayList<>();
    RedisInvalidationBus bus = Stacks.bus(a);
    AutoCloseable subscription = bus.subscribe(new InvalidationListener() {
      @Override
      public void onInvalidation(Invalidation message) {
        seen.add(message);
      }

      @Override
      public void onConnectionLost() {}

      @Override
      public void onReconnected() {}
    });
    Invalidation sent = new Invalidation("me", Invalidation.Kind.TAGS, List.of("t\u00e4g", "x"));
    bus.publish(sent).join();
    Await.until("the message coming back", WAIT, () -> seen.contains(sent));
    subscription.close();
    Invalidation after = new Invalidation("me", Invalidation.Kind.CLEAR, List.of());
    bus.publish(after).join();
    b.put("barrier", "x");
    assertThat(seen).as("nothing after unsubscribing").containsExactly(sent);
    assertThat(bus.isConnected()).isTrue();
  }
}
