package io.tiercache.tck.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster of masters only, each a {@code redis-server} process in cluster mode on a free
 * loopback port (and its cluster bus on that port plus 10,000). The fixture assigns the 16,384
 * hash slots in equal contiguous ranges ({@code CLUSTER ADDSLOTSRANGE}, or {@code CLUSTER
 * ADDSLOTS} on Redis 6), introduces the nodes to each other ({@code CLUSTER MEET}) and waits
 * until every node reports {@code cluster_state:ok}.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *   String tier = cluster.uri() + "?keyPrefix=test:";   // redis-cluster://127.0.0.1:p1,...
 * }
 * }</pre>
 *
 * <p>It needs a local binary ({@link RedisBinary#find()}); an external server named by
 * {@value RedisServer#EXTERNAL_URI_VARIABLE} is not used. Safe for concurrent use.
 */
public final class RedisCluster implements AutoCloseable {

  /** The number of hash slots of a Redis Cluster. */
  public static final int SLOTS = 16_384;

  private static final int BUS_OFFSET = 10_000;
  private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;
  private final List<int[]> ranges;

  private RedisCluster(List<RedisServer> nodes, List<int[]> ranges) {
    this.nodes = List.copyOf(nodes);
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Starts a cluster of three masters.
   *
   * @return the running cluster
   * @throws IllegalStateException if a node does not start or the cluster does not form
   */
  public static RedisCluster start() {
    return start(3);
  }

  /**
   * Starts a cluster of masters.
   *
   * @param masters how many, 1 to 16
   * @return the running cluster
   * @throws IllegalArgumentException if {@code masters} is out of range
   * @throws IllegalStateException if a node does not start or the cluster does not form
   */
  public static RedisCluster start(int masters) {
    if (masters < 1 || masters > 16) {
      throw new IllegalArgumentException("masters was " + masters + " but must be 1 to 16");
    }
    RedisBinary binary = RedisBinary.find();
    List<RedisServer> started = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        started.add(
            RedisServer.builder()
                .name("redis-cluster-node-" + (i + 1))
                .binary(binary)
                .port(RedisServer.freePort(BUS_OFFSET))
                .config("cluster-enabled", "yes")
                .config("cluster-config-file", "nodes.conf")
                .config("cluster-node-timeout", "5000")
                .start());
      }
      for (int i = 0; i < masters; i++) {
        int from = SLOTS * i / masters;
        int to = SLOTS * (i + 1) / masters - 1;
        ranges.add(new int[] {from, to});
        assignSlots(started.get(i), binary, from, to);
      }
      RedisServer first = started.get(0);
      for (int i = 1; i < masters; i++) {
        first.call("CLUSTER", "MEET", started.get(i).host(),
            Integer.toString(started.get(i).port()));
      }
      RedisCluster cluster = new RedisCluster(started, ranges);
      cluster.awaitHealthy(FORMATION_TIMEOUT);
      return cluster;
    } catch (RuntimeException e) {
      for (RedisServer node : started) {
        e.addSuppressed(new IllegalStateException(node + " log:\n" + node.logTail(20)));
        node.close();
      }
      throw e;
    }
  }

  /**
   * Returns the nodes, in the order of their slot ranges.
   *
   * @return the nodes
   */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /**
   * Returns the node serving a hash slot, as the fixture assigned them.
   *
   * @param slot the slot, 0 to 16,383
   * @return the node
   * @throws IllegalArgumentException if the slot is out of range
   */
  public RedisServer nodeOfSlot(int slot) {
    for (int i = 0; i < ranges.size(); i++) {
      if (slot >= ranges.get(i)[0] && slot <= ranges.get(i)[1]) {
        return nodes.get(i);
      }
    }
    throw new IllegalArgumentException("slot was " + slot + " but must be 0 to " + (SLOTS - 1));
  }

  /**
   * Returns the cluster as a tier URI prefix: {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...}.
   *
   * @return the URI, without path or query
   */
  public String uri() {
    return "redis-cluster://"
        + nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
  }

  /**
   * Waits until every node reports {@code cluster_state:ok} and knows every other node.
   *
   * @param timeout how long to wait
   * @throws IllegalStateException if it does not happen in time, with each node's view
   */
  public void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      List<String> views = new ArrayList<>();
      boolean healthy = true;
      for (RedisServer node : nodes) {
        String info;
        try {
          info = String.valueOf(node.call("CLUSTER", "INFO"));
        } catch (RuntimeException e) {
          info = e.toString();
        }
        healthy &= info.contains("cluster_state:ok")
            && info.contains("cluster_known_nodes:" + nodes.size())
            && info.contains("cluster_slots_assigned:" + SLOTS);
        views.add(node + ": " + info.replace("\r\n", " "));
      }
      if (healthy) {
        return;
      }
      last = String.join("\n", views);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the cluster did not become healthy within " + timeout.toSeconds() + " s:\n" + last);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** Stops every node and deletes their files. Idempotent. */
  @Override
  public void close() {
    @Nullable RuntimeException failure = null;
    for (RedisServer node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "RedisCluster" + nodes;
  }

  private static void assignSlots(RedisServer node, RedisBinary binary, int from, int to) {
    if (binary.atLeast(7, 0)) {
      node.call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
      return;
    }
    List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
    for (int slot = from; slot <= to; slot++) {
      args.add(Integer.toString(slot));
    }
    Objects.requireNonNull(node).call(args.toArray(String[]::new));
  }
}
