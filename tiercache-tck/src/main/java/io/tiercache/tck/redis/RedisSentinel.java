package io.tiercache.tck.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis Sentinel set-up on loopback: a master, one replica of it and one Sentinel monitoring
 * them under the master id {@value #MASTER_ID}, each a process of its own. {@link #failover()}
 * makes the Sentinel promote the replica ({@code SENTINEL FAILOVER}) and waits until it serves as
 * master.
 *
 * <pre>{@code
 * try (RedisSentinel sentinel = RedisSentinel.start()) {
 *   String tier = sentinel.uri() + "/0?masterId=" + RedisSentinel.MASTER_ID;
 *   ...
 *   RedisServer promoted = sentinel.failover();
 * }
 * }</pre>
 *
 * <p>It needs a local binary ({@link RedisBinary#find()}). Safe for concurrent use.
 */
public final class RedisSentinel implements AutoCloseable {

  /** The master id the Sentinel monitors. */
  public static final String MASTER_ID = "mymaster";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final RedisServer master;
  private final RedisServer replica;
  private final RedisServer sentinel;

  private RedisSentinel(RedisServer master, RedisServer replica, RedisServer sentinel) {
    this.master = master;
    this.replica = replica;
    this.sentinel = sentinel;
  }

  /**
   * Starts a master, a replica and a Sentinel, and waits until the replica is in sync and the
   * Sentinel knows it.
   *
   * @return the running set-up
   * @throws IllegalStateException if a process does not start or the set-up does not settle
   */
  public static RedisSentinel start() {
    RedisBinary binary = RedisBinary.find();
    List<RedisServer> started = new ArrayList<>();
    try {
      RedisServer master = RedisServer.builder().name("redis-master").binary(binary).start();
      started.add(master);
      RedisServer replica =
          RedisServer.builder().name("redis-replica").binary(binary).replicaOf(master).start();
      started.add(replica);
      RedisServer sentinel =
          RedisServer.builder()
              .name("redis-sentinel")
              .binary(binary)
              .sentinel(
                  "sentinel monitor " + MASTER_ID + " " + master.host() + " " + master.port()
                      + " 1\n"
                      + "sentinel down-after-milliseconds " + MASTER_ID + " 2000\n"
                      + "sentinel failover-timeout " + MASTER_ID + " 10000\n"
                      + "sentinel parallel-syncs " + MASTER_ID + " 1\n")
              .start();
      started.add(sentinel);
      RedisSentinel group = new RedisSentinel(master, replica, sentinel);
      group.awaitReplicaKnown(replica, READY_TIMEOUT);
      return group;
    } catch (RuntimeException e) {
      for (RedisServer server : started) {
        e.addSuppressed(new IllegalStateException(server + " log:\n" + server.logTail(20)));
        server.close();
      }
      throw e;
    }
  }

  /**
   * Returns the set-up as a tier URI prefix: {@code redis-sentinel://127.0.0.1:<sentinel port>}.
   * Append {@code /<db>?masterId=}{@value #MASTER_ID}.
   *
   * @return the URI, without path or query
   */
  public String uri() {
    return "redis-sentinel://" + sentinel.host() + ":" + sentinel.port();
  }

  /**
   * Returns the server started as master.
   *
   * @return the first master
   */
  public RedisServer master() {
    return master;
  }

  /**
   * Returns the server started as replica.
   *
   * @return the first replica
   */
  public RedisServer replica() {
    return replica;
  }

  /**
   * Returns the Sentinel process.
   *
   * @return the Sentinel
   */
  public RedisServer sentinel() {
    return sentinel;
  }

  /**
   * Returns the server the Sentinel names as master now.
   *
   * @return the master
   * @throws IllegalStateException if the Sentinel names neither server
   */
  public RedisServer currentMaster() {
    int port = masterPort().orElseThrow(() ->
        new IllegalStateException("the Sentinel knows no master " + MASTER_ID));
    if (port == master.port()) {
      return master;
    }
    if (port == replica.port()) {
      return replica;
    }
    throw new IllegalStateException("the Sentinel names an unknown master on port " + port);
  }

  /**
   * Asks the Sentinel to fail over ({@code SENTINEL FAILOVER}) and waits until the other server
   * is master, by the Sentinel's word and its own ({@code role:master}).
   *
   * @return the new master
   * @throws IllegalStateException if the failover does not complete within 30 s
   */
  public RedisServer failover() {
    RedisServer before = currentMaster();
    RedisServer after = before == master ? replica : master;
    awaitReplicaKnown(after, READY_TIMEOUT);
    sentinel.call("SENTINEL", "FAILOVER", MASTER_ID);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      boolean named = masterPort().map(port -> port == after.port()).orElse(false);
      boolean promoted = named && after.info("role").map("master"::equals).orElse(false);
      if (promoted) {
        return after;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the failover to " + after + " did not complete within " + READY_TIMEOUT.toSeconds()
                + " s; Sentinel log:\n" + sentinel.logTail(30));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** Stops the three processes and deletes their files. Idempotent. */
  @Override
  public void close() {
    sentinel.close();
    replica.close();
    master.close();
  }

  @Override
  public String toString() {
    return "RedisSentinel[master " + master + ", replica " + replica + ", " + sentinel + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private Optional<Integer> masterPort() {
    Object reply = sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_ID);
    if (reply instanceof List && ((List<?>) reply).size() == 2) {
      return Optional.of(Integer.parseInt(String.valueOf(((List<?>) reply).get(1))));
    }
    return Optional.empty();
  }

  /** Waits until a server replicates the master in sync and the Sentinel lists it as healthy. */
  private void awaitReplicaKnown(RedisServer server, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      boolean inSync = server.info("master_link_status").map("up"::equals).orElse(false);
      Map<String, String> seen = sentinelView(server.port());
      String flags = seen.getOrDefault("flags", "");
      if (inSync && flags.equals("slave") && "ok".equals(seen.get("master-link-status"))) {
        return;
      }
      last = "in sync: " + inSync + ", as the Sentinel sees it: " + seen;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            server + " did not become a healthy replica within " + timeout.toSeconds() + " s ("
                + last + ")");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private Map<String, String> sentinelView(int port) {
    Object reply;
    try {
      reply = sentinel.call("SENTINEL", "REPLICAS", MASTER_ID);
    } catch (RuntimeException e) {
      return Map.of("error", e.toString());
    }
    if (!(reply instanceof List)) {
      return Map.of();
    }
    for (Object item : (List<?>) reply) {
      if (!(item instanceof List)) {
        continue;
      }
      List<?> fields = (List<?>) item;
      Map<String, String> map = new HashMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        map.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
      }
      if (Objects.equals(map.get("port"), Integer.toString(port))) {
        return map;
      }
    }
    return Map.of();
  }
}
