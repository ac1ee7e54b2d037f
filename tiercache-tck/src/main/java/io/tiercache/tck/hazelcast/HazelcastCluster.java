package io.tiercache.tck.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Hazelcast cluster of real members in this JVM, for tests: bound to {@code 127.0.0.1} only, on
 * free ports, under a cluster name of its own, joined by TCP-IP with multicast, auto-detection and
 * phone-home off.
 *
 * <pre>{@code
 * static HazelcastCluster cluster;
 *
 * @BeforeAll static void startCluster() { cluster = HazelcastCluster.threeMembers(); }
 * @AfterAll static void stopCluster() { cluster.close(); }
 *
 * @Test void survivesACrash() {
 *   HazelcastInstance client = cluster.newClient();
 *   ...
 *   cluster.terminateMember(0);
 *   cluster.awaitClusterSize(2);
 * }
 * }</pre>
 *
 * <p>Each member has a slot, numbered from 0, with a fixed port: a member shut down or terminated
 * can be started again in its slot with {@link #startMember}, and every member lists every slot's
 * address, so clients and members find it again. {@link #close()} terminates every member and
 * every client this object started. Waiting methods poll with a deadline of one minute and fail
 * with an {@link AssertionError} saying what they waited for.
 *
 * <p>Members read Hazelcast's system properties as any member does: a test JVM started with
 * {@code -Dhazelcast.partition.count=31}, for instance, gets clusters that clear, query and
 * migrate faster than with the default 271 partitions (members an embedded tier starts in the
 * same JVM then agree with them).
 *
 * <p>Safe for concurrent use.
 */
// Its API speaks Hazelcast's types, which the TCK module requires only statically: Hazelcast is
// an optional dependency that users of this class put on their test path themselves.
@SuppressWarnings("exports")
public final class HazelcastCluster implements AutoCloseable {

  /** The only address members bind to and clients connect to. */
  public static final String LOOPBACK = "127.0.0.1";

  private static final Duration AWAIT = Duration.ofMinutes(1);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  /** Ports handed out in this JVM, so that two fixtures never get the same one. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private final String clusterName;
  private final List<Integer> ports;
  private final Consumer<? super Config> customizer;
  private final @Nullable HazelcastInstance[] members;
  private final List<HazelcastInstance> clients = new CopyOnWriteArrayList<>();
  private boolean closed;

  private HazelcastCluster(Builder builder) {
    this.clusterName = builder.clusterName;
    this.customizer = builder.customizer;
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < builder.members; i++) {
      chosen.add(freePort());
    }
    this.ports = List.copyOf(chosen);
    this.members = new HazelcastInstance[builder.members];
  }

  /**
   * Starts a cluster of members, one after the other, and waits until they all see each other.
   *
   * @param members how many, from 1 to 9
   * @return the running cluster
   * @throws IllegalArgumentException if {@code members} is out of range
   */
  public static HazelcastCluster start(int members) {
    return builder().members(members).start();
  }

  /**
   * Starts a cluster of two members.
   *
   * @return the running cluster
   */
  public static HazelcastCluster twoMembers() {
    return start(2);
  }

  /**
   * Starts a cluster of three members.
   *
   * @return the running cluster
   */
  public static HazelcastCluster threeMembers() {
    return start(3);
  }

  /**
   * Starts describing a cluster: two members under a random name, by default.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // What the cluster is

  /**
   * Returns the cluster name members and clients must give.
   *
   * @return the name
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * Returns the number of member slots, running or not.
   *
   * @return the number of slots
   */
  public int size() {
    return ports.size();
  }

  /**
   * Returns the port of a slot.
   *
   * @param index the slot, from 0
   * @return its port on {@link #LOOPBACK}
   */
  public int port(int index) {
    return ports.get(checkIndex(index));
  }

  /**
   * Returns the address of every slot, running or not, as {@code 127.0.0.1:port}.
   *
   * @return the addresses, by slot
   */
  public List<String> addresses() {
    List<String> all = new ArrayList<>(ports.size());
    for (int port : ports) {
      all.add(LOOPBACK + ":" + port);
    }
    return all;
  }

  /**
   * Returns the addresses of every slot joined by {@code ,}, as a tier URI lists hosts.
   *
   * @return {@code 127.0.0.1:port1,127.0.0.1:port2...}
   */
  public String memberList() {
    return String.join(",", addresses());
  }

  /**
   * Returns the URI of a client tier on this cluster: {@code hazelcast://<members>/<map>?cluster=
   * <name>}.
   *
   * @param mapName the map the tier stores entries in
   * @return the tier URI
   */
  public String clientUri(String mapName) {
    Objects.requireNonNull(mapName, "mapName must not be null");
    return "hazelcast://" + memberList() + "/" + mapName + "?cluster=" + clusterName;
  }

  /**
   * Returns the URI of an embedded tier whose member joins this cluster on a new free port:
   * {@code hazelcast-embedded:<map>?cluster=<name>&members=<members>&address=127.0.0.1&port=<p>}.
   *
   * @param mapName the map the tier stores entries in
   * @return the tier URI
   */
  public String embeddedUri(String mapName) {
    Objects.requireNonNull(mapName, "mapName must not be null");
    return "hazelcast-embedded:" + mapName + "?cluster=" + clusterName + "&members="
        + memberList() + "&address=" + LOOPBACK + "&port=" + freePort();
  }

  // ---------------------------------------------------------------------------------------------
  // Members

  /**
   * Returns the running member of a slot.
   *
   * @param index the slot, from 0
   * @return the member
   * @throws IllegalStateException if the slot's member is not running
   */
  public synchronized HazelcastInstance member(int index) {
    HazelcastInstance member = members[checkIndex(index)];
    if (member == null || !member.getLifecycleService().isRunning()) {
      throw new IllegalStateException("member " + index + " of " + this + " is not running");
    }
    return member;
  }

  /**
   * Tells whether the member of a slot is running.
   *
   * @param index the slot, from 0
   * @return {@code true} if it runs
   */
  public synchronized boolean isRunning(int index) {
    HazelcastInstance member = members[checkIndex(index)];
    return member != null && member.getLifecycleService().isRunning();
  }

  /**
   * Returns the members that run, by slot.
   *
   * @return the running members
   */
  public synchronized List<HazelcastInstance> runningMembers() {
    List<HazelcastInstance> running = new ArrayList<>();
    for (HazelcastInstance member : members) {
      if (member != null && member.getLifecycleService().isRunning()) {
        running.add(member);
      }
    }
    return running;
  }

  /**
   * Starts the member of a slot that does not run, on the slot's port; it joins the members that
   * run. Returns once it has joined.
   *
   * @param index the slot, from 0
   * @return the member
   * @throws IllegalStateException if the slot's member runs already or the cluster is closed
   */
  public synchronized HazelcastInstance startMember(int index) {
    checkIndex(index);
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    if (isRunning(index)) {
      throw new IllegalStateException("member " + index + " of " + this + " runs already");
    }
    Config config = memberConfig(clusterName, ports.get(index), addresses());
    config.setInstanceName(
        clusterName + "-member-" + index + "-" + INSTANCES.incrementAndGet());
    customizer.accept(config);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    members[index] = member;
    return member;
  }

  /**
   * Shuts the member of a slot down gracefully: its partitions move to the other members first.
   * Returns when it has stopped.
   *
   * @param index the slot, from 0
   * @throws IllegalStateException if the slot's member is not running
   */
  public void shutdownMember(int index) {
    member(index).shutdown();
  }

  /**
   * Terminates the member of a slot at once, as in a crash: it leaves without moving its data,
   * and the others learn of it when its connections close.
   *
   * @param index the slot, from 0
   * @throws IllegalStateException if the slot's member is not running
   */
  public void terminateMember(int index) {
    member(index).getLifecycleService().terminate();
  }

  /**
   * Terminates every running member at once.
   */
  public void terminateAllMembers() {
    for (HazelcastInstance member : runningMembers()) {
      member.getLifecycleService().terminate();
    }
  }

  /**
   * Waits until every running member sees exactly {@code expected} members.
   *
   * @param expected the cluster size to wait for
   * @throws AssertionError if it is not reached within a minute
   */
  public void awaitClusterSize(int expected) {
    await(
        "every running member of " + this + " to see " + expected + " members",
        () -> {
          List<HazelcastInstance> running = runningMembers();
          if (running.isEmpty()) {
            return expected == 0;
          }
          for (HazelcastInstance member : running) {
            if (member.getCluster().getMembers().size() != expected) {
              return false;
            }
          }
          return true;
        });
  }

  /**
   * Waits until the cluster is safe: no partition is migrating and every backup is in sync, so
   * that a member may leave without losing data (given backups).
   *
   * @throws AssertionError if it is not safe within a minute
   */
  public void awaitSafe() {
    await(
        this + " to be safe (no migration running, every backup in sync)",
        () -> {
          List<HazelcastInstance> running = runningMembers();
          for (HazelcastInstance member : running) {
            if (!member.getPartitionService().isClusterSafe()) {
              return false;
            }
          }
          return !running.isEmpty();
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Clients

  /**
   * Returns a client configuration for this cluster: its name, every slot's address, and a
   * reconnection backoff of 100 ms to 1 s for at most a minute.
   *
   * @return a new configuration, free to change
   */
  public ClientConfig clientConfig() {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setInstanceName(clusterName + "-client-" + INSTANCES.incrementAndGet());
    config.getNetworkConfig().setAddresses(addresses());
    ConnectionRetryConfig retry =
        config.getConnectionStrategyConfig().getConnectionRetryConfig();
    retry.setInitialBackoffMillis(100).setMaxBackoffMillis(1000).setMultiplier(2);
    retry.setClusterConnectTimeoutMillis(AWAIT.toMillis());
    return config;
  }

  /**
   * Starts a client of this cluster, connected once this returns; {@link #close()} shuts it down.
   *
   * @return the client
   */
  public HazelcastInstance newClient() {
    return newClient(config -> {});
  }

  /**
   * Starts a client of this cluster with a changed {@link #clientConfig()}, connected once this
   * returns; {@link #close()} shuts it down.
   *
   * @param customizer changes the configuration (adds serializers, listeners...)
   * @return the client
   */
  public HazelcastInstance newClient(Consumer<? super ClientConfig> customizer) {
    Objects.requireNonNull(customizer, "customizer must not be null");
    ClientConfig config = clientConfig();
    customizer.accept(config);
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    clients.add(client);
    return client;
  }

  // ---------------------------------------------------------------------------------------------
  // Building blocks

  /**
   * Returns the configuration of a member on {@code 127.0.0.1}: the given cluster name and port
   * (no port auto-increment), TCP-IP join with the given members, multicast, auto-detection and
   * phone-home off, and no wait before joining (members of a test start one after the other).
   *
   * @param clusterName the cluster name
   * @param port the port to bind on {@code 127.0.0.1}
   * @param members the addresses ({@code host:port}) to join, which may include this member's
   * @return a new configuration, free to change
   */
  public static Config memberConfig(String clusterName, int port, List<String> members) {
    Objects.requireNonNull(clusterName, "clusterName must not be null");
    Objects.requireNonNull(members, "members must not be null");
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
    config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(LOOPBACK));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.copyOf(members))
        .setConnectionTimeoutSeconds(1);
    return config;
  }

  /**
   * Returns a TCP port free on {@code 127.0.0.1} now, and never returned before in this JVM.
   *
   * @return the port
   * @throws UncheckedIOException if no socket can be opened
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
        socket.setReuseAddress(true);
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("could not open a socket on " + LOOPBACK, e);
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no unused free port found in 100 attempts");
  }

  /**
   * Shuts down every client and terminates every member this object started. Idempotent.
   */
  @Override
  public void close() {
    List<HazelcastInstance> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>();
      for (HazelcastInstance member : members) {
        if (member != null) {
          toStop.add(member);
        }
      }
    }
    RuntimeException failure = null;
    List<HazelcastInstance> started = new ArrayList<>(clients);
    Collections.reverse(started);
    for (HazelcastInstance client : started) {
      try {
        client.shutdown();
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    for (HazelcastInstance member : toStop) {
      try {
        member.getLifecycleService().terminate();
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "HazelcastCluster[" + clusterName + " " + memberList() + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private HazelcastCluster startAll() {
    try {
      for (int i = 0; i < members.length; i++) {
        startMember(i);
      }
      awaitClusterSize(members.length);
      return this;
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private int checkIndex(int index) {
    if (index < 0 || index >= ports.size()) {
      throw new IndexOutOfBoundsException(
          "member " + index + " of " + ports.size() + " (slots are numbered from 0)");
    }
    return index;
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + AWAIT.toSeconds() + " s for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static RuntimeException chain(@Nullable RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** Describes a {@link HazelcastCluster} before it starts; not safe for concurrent use. */
  public static final class Builder {
    private int members = 2;
    private String clusterName =
        "tiercache-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    private Consumer<? super Config> customizer = config -> {};

    private Builder() {}

    /**
     * Sets the number of members.
     *
     * @param count from 1 to 9; 2 by default
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder members(int count) {
      if (count < 1 || count > 9) {
        throw new IllegalArgumentException("members was " + count + " but must be 1 to 9");
      }
      this.members = count;
      return this;
    }

    /**
     * Sets the cluster name; a random one by default, so that clusters of different tests never
     * merge.
     *
     * @param name the name, not blank
     * @return this builder
     */
    public Builder clusterName(String name) {
      Objects.requireNonNull(name, "name must not be null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the cluster name must not be blank");
      }
      this.clusterName = name;
      return this;
    }

    /**
     * Sets a change made to each member's configuration after {@link #memberConfig} built it,
     * such as a map's backup count; it runs again for each member {@link #startMember started}
     * later.
     *
     * @param change changes the configuration
     * @return this builder
     */
    public Builder configure(Consumer<? super Config> change) {
      this.customizer = Objects.requireNonNull(change, "change must not be null");
      return this;
    }

    /**
     * Starts the members one after the other and waits until they all see each other.
     *
     * @return the running cluster
     */
    public HazelcastCluster start() {
      return new HazelcastCluster(this).startAll();
    }
  }
}
