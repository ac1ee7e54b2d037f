package io.tiercache.backend.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tiercache.backend.redis.internal.LuaScript;
import io.tiercache.backend.redis.internal.SharedResources;
import io.tiercache.spi.TierAccessException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A tier's Lettuce client and connections: one shared data connection (every command of the tier,
 * pipelined), and, when the tier keeps other processes coherent, a subscriber connection on the
 * tier's channel. With client tracking the data connection speaks RESP3 and has {@code CLIENT
 * TRACKING ON BCAST PREFIX <prefix>e: NOLOOP} on, enabled again after every reconnection. On a
 * cluster the data connection opens a connection to every master at once; through Sentinels it is
 * a master-replica connection that follows a failover (except with tracking, see the package
 * documentation).
 *
 * <p>Lettuce is set to fail fast: commands are rejected at once while a connection is down
 * ({@code REJECT_COMMANDS}), at most {@value #REQUEST_QUEUE_SIZE} commands wait per connection,
 * every command times out after the tier's timeout, and connections reconnect by themselves.
 */
final class RedisConnections implements AutoCloseable {

  /** The most commands that may wait for an answer on one connection. */
  static final int REQUEST_QUEUE_SIZE = 16_384;

  /** How long to wait before asking again for tracking when the server refused it. */
  private static final Duration TRACKING_RETRY = Duration.ofMillis(200);

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final System.Logger LOG = System.getLogger(RedisConnections.class.getName());

  private final RedisSettings settings;
  private final String tierName;
  private final SharedResources shared;
  private final AbstractRedisClient client;
  private final List<StatefulConnection<?, ?>> opened = new ArrayList<>();
  private volatile @Nullable RedisClusterAsyncCommands<String, byte[]> commands;
  private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private volatile @Nullable StatefulRedisConnection<String, byte[]> tracked;
  private final @Nullable OwnWrites ownWrites;
  private volatile @Nullable RedisInvalidationBus bus;
  private volatile boolean closing;

  private RedisConnections(RedisSettings settings, String tierName, SharedResources shared) {
    this.settings = settings;
    this.tierName = tierName;
    this.shared = shared;
    this.client = createClient();
    this.ownWrites = settings.coherence == Coherence.TRACKING ? new OwnWrites() : null;
  }

  /**
   * Connects a tier: the data connection, and the subscription (and tracking) its coherence mode
   * needs.
   *
   * @param settings the tier's settings
   * @param tierName the tier's name
   * @return the connections
   * @throws TierAccessException if a connection cannot be opened, a subscription or tracking is
   *     refused
   */
  static RedisConnections open(RedisSettings settings, String tierName) {
    SharedResources shared = SharedResources.acquire();
    RedisConnections connections;
    try {
      connections = new RedisConnections(settings, tierName, shared);
    } catch (RuntimeException e) {
      shared.release();
      throw e;
    }
    try {
      connections.connect();
      return connections;
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
  }

  /** Returns the commands of the data connection. */
  RedisClusterAsyncCommands<String, byte[]> commands() {
    RedisClusterAsyncCommands<String, byte[]> current = commands;
    if (current == null) {
      throw new IllegalStateException("not connected");
    }
    return current;
  }

  /** Returns the invalidation bus, if the tier has one. */
  @Nullable RedisInvalidationBus bus() {
    return bus;
  }

  /** Returns the tier's writes awaiting their tracking report, with client tracking. */
  @Nullable OwnWrites ownWrites() {
    return ownWrites;
  }

  /** Returns the shared resources: the executor that completes tag operations and clears, and delivers messages. */
  SharedResources shared() {
    return shared;
  }

  /** Closes the connections and the client, and releases the shared resources. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    RedisInvalidationBus current = bus;
    if (current != null) {
      current.close();
    }
    for (StatefulConnection<?, ?> connection : opened) {
      try {
        connection.close();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing a connection of tier '" + tierName + "' failed", e);
      }
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "shutting down the client of tier '" + tierName + "' failed", e);
    }
    shared.release();
  }

  @Override
  public String toString() {
    return "RedisConnections[" + settings + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private AbstractRedisClient createClient() {
    boolean tracking = settings.coherence == Coherence.TRACKING;
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(settings.connectTimeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout);
    if (settings.mode == RedisSettings.Mode.CLUSTER) {
      RedisClusterClient cluster =
          RedisClusterClient.create(shared.clientResources(), settings.clusterUris());
      ClusterClientOptions.Builder options = ClusterClientOptions.builder();
      options.maintNotificationsConfig(MaintNotificationsConfig.disabled());
      cluster.setOptions(
          options
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .requestQueueSize(REQUEST_QUEUE_SIZE)
              .timeoutOptions(timeouts)
              .socketOptions(socket)
              // Adaptive refresh (on redirects and reconnects) is on by default since Lettuce 7.
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enablePeriodicRefresh(Duration.ofSeconds(30))
                      .build())
              .build());
      return cluster;
    }
    RedisClient single = RedisClient.create(shared.clientResources(), settings.redisUri());
    ClientOptions.Builder options =
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(REQUEST_QUEUE_SIZE)
            .timeoutOptions(timeouts)
            .socketOptions(socket)
            // Redis Enterprise's maintenance events (and the relaxed timeouts they bring) are off:
            // the tier's timeout is the timeout.
            .maintNotificationsConfig(MaintNotificationsConfig.disabled());
    if (settings.tls) {
      options.sslOptions(settings.sslOptions());
    }
    if (tracking) {
      options.protocolVersion(ProtocolVersion.RESP3);
    }
    single.setOptions(options.build());
    return single;
  }

  private void connect() {
    Coherence coherence = settings.coherence;
    StatefulConnection<String, byte[]> connection;
    RedisClusterAsyncCommands<String, byte[]> async;
    StatefulRedisConnection<String, byte[]> single = null;
    try {
      if (client instanceof RedisClusterClient) {
        StatefulRedisClusterConnection<String, byte[]> cluster =
            ((RedisClusterClient) client).connect(CODEC);
        connection = cluster;
        async = cluster.async();
        opened.add(cluster);
        connectToMasters(cluster);
      } else if (settings.mode == RedisSettings.Mode.SENTINEL
          && settings.coherence != Coherence.TRACKING) {
        // A master-replica connection listens to the Sentinels (+switch-master) and follows a
        // failover at once; a plain one would keep writing to the old master until the Sentinels
        // demote it (up to their 10 s INFO period), and those writes would be lost.
        StatefulRedisMasterReplicaConnection<String, byte[]> followed =
            MasterReplica.connect((RedisClient) client, CODEC, settings.redisUri());
        connection = followed;
        async = followed.async();
      } else {
        single = ((RedisClient) client).connect(CODEC);
        connection = single;
        async = single.async();
      }
    } catch (RuntimeException e) {
      throw Failures.of(tierName, "connecting to " + settings.redactedUri, e);
    }
    if (!opened.contains(connection)) {
      opened.add(connection);
    }
    commands = async;
    if (coherence == Coherence.NONE) {
      return;
    }
    boolean tracking = coherence == Coherence.TRACKING;
    RedisInvalidationBus created =
        new RedisInvalidationBus(
            tierName,
            tracking,
            settings.layout.channel(),
            tracking ? settings.layout.trackingPrefix() : "",
            async,
            shared.executor());
    bus = created;
    StatefulRedisPubSubConnection<String, byte[]> pubsub;
    try {
      pubsub = client instanceof RedisClusterClient
          ? ((RedisClusterClient) client).connectPubSub(CODEC)
          : ((RedisClient) client).connectPubSub(CODEC);
    } catch (RuntimeException e) {
      throw Failures.of(tierName, "connecting the subscriber to " + settings.redactedUri, e);
    }
    opened.add(pubsub);
    subscriber = pubsub;
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, byte[] message) {
            created.onMessage(channel, message);
          }

          @Override
          public void subscribed(String channel, long count) {
            if (channel.equals(settings.layout.channel()) && !closing) {
              created.onSubscribed();
            }
          }
        });
    await(pubsub.async().subscribe(settings.layout.channel()).toCompletableFuture(),
        "SUBSCRIBE " + settings.layout.channel());
    if (tracking) {
      if (single == null) {
        throw new IllegalStateException("client tracking needs a standalone or Sentinel tier");
      }
      tracked = single;
      single.addListener(this::onPush);
      await(enableTracking(single), "CLIENT TRACKING ON BCAST");
    }
    client.addListener(new LinkWatcher());
    if (!pubsub.isOpen()) {
      created.onSubscriptionLost();
    }
  }

  /**
   * Opens the connection to every master now: Lettuce opens a node's connection on its first
   * command, and with commands rejected while disconnected that first command would fail.
   */
  private void connectToMasters(StatefulRedisClusterConnection<String, byte[]> cluster) {
    List<CompletableFuture<?>> nodes = new ArrayList<>();
    for (RedisClusterNode node : cluster.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        nodes.add(cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
      }
    }
    await(CompletableFuture.allOf(nodes.toArray(CompletableFuture<?>[]::new)),
        "connecting to the cluster's masters");
  }

  private CompletableFuture<String> enableTracking(StatefulRedisConnection<String, byte[]> single) {
    TrackingArgs args =
        TrackingArgs.Builder.enabled()
            .bcast()
            .prefixes(settings.layout.trackingPrefix())
            .noloop();
    return single.async().clientTracking(args).toCompletableFuture();
  }

  /** Enables tracking again after the data connection came back; retries while it is up. */
  private void reenableTracking() {
    StatefulRedisConnection<String, byte[]> single = tracked;
    RedisInvalidationBus current = bus;
    if (closing || current == null || single == null || !single.isOpen()) {
      return;
    }
    CompletableFuture<String> enabled;
    try {
      enabled = enableTracking(single);
    } catch (RuntimeException e) {
      enabled = CompletableFuture.failedFuture(e);
    }
    enabled.whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            current.onTrackingEnabled();
            return;
          }
          LOG.log(Level.DEBUG, "tier ''{0}'': enabling client tracking failed, retrying: {1}",
              tierName, failure);
          CompletableFuture.delayedExecutor(
                  TRACKING_RETRY.toMillis(), TimeUnit.MILLISECONDS, shared.executor())
              .execute(this::reenableTracking);
        });
  }

  private void onPush(PushMessage message) {
    RedisInvalidationBus current = bus;
    if (current == null || !"invalidate".equals(message.getType())) {
      return;
    }
    List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
    Object keys = content.size() > 1 ? content.get(1) : null;
    if (keys == null) {
      current.onTracked(null);
      return;
    }
    if (keys instanceof List) {
      List<String> changed = new ArrayList<>();
      for (Object key : (List<?>) keys) {
        if (!(key instanceof String)) {
          continue;
        }
        String redisKey = (String) key;
        byte[] expected = ownWrites == null ? null : ownWrites.takeEcho(redisKey);
        if (expected == null) {
          changed.add(redisKey);
        } else {
          deliverUnlessOwn(current, redisKey, expected);
        }
      }
      if (!changed.isEmpty()) {
        current.onTracked(changed);
      }
    }
  }

  /**
   * Delivers the report of a key this tier wrote unless the key still holds what it wrote (the
   * report is then this tier's own echo); a failed check delivers it.
   */
  private void deliverUnlessOwn(RedisInvalidationBus current, String redisKey, byte[] expected) {
    CompletableFuture<byte[]> print;
    try {
      print = LuaScript.FINGERPRINT.run(
          commands(), ScriptOutputType.VALUE, new String[] {redisKey});
    } catch (RuntimeException e) {
      print = CompletableFuture.failedFuture(e);
    }
    print.whenComplete(
        (actual, failure) -> {
          byte[] found = actual == null ? new byte[0] : actual;
          if (failure != null || !Arrays.equals(found, expected)) {
            current.onTracked(List.of(redisKey));
          }
        });
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(settings.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TierAccessException(tierName, "interrupted while waiting for " + what, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw Failures.of(tierName, what, e);
    }
  }

  /** Tells the bus when the subscriber or the tracking connection drops or comes back. */
  private final class LinkWatcher implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      if (!closing && tracked != null && (Object) connection == tracked) {
        reenableTracking();
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      RedisInvalidationBus current = bus;
      if (closing || current == null) {
        return;
      }
      if ((Object) connection == subscriber) {
        current.onSubscriptionLost();
      } else if (tracked != null && (Object) connection == tracked) {
        if (ownWrites != null) {
          ownWrites.clear();
        }
        current.onTrackingLost();
      }
    }
  }
}
