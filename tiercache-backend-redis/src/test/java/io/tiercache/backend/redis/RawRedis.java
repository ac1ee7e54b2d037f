package io.tiercache.backend.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.tiercache.tck.redis.RedisCluster;
import io.tiercache.tck.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A plain Lettuce client of its own, independent of the tier under test, to look at and tamper
 * with what the tier stored: raw bytes under Redis keys.
 */
final class RawRedis implements AutoCloseable {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final AutoCloseable client;
  private final AutoCloseable connection;
  private final RedisClusterCommands<String, byte[]> commands;

  private RawRedis(
      AutoCloseable client, AutoCloseable connection, RedisClusterCommands<String, byte[]> commands) {
    this.client = client;
    this.connection = connection;
    this.commands = commands;
  }

  /** Connects to a standalone fixture (plain or TLS), as a user if given. */
  static RawRedis of(RedisServer server, @Nullable String user, @Nullable String password) {
    RedisURI.Builder uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
        .withTimeout(Duration.ofSeconds(10));
    if (server.certificate().isPresent()) {
      uri.withSsl(true).withVerifyPeer(SslVerifyMode.NONE);
    }
    if (password != null) {
      if (user != null) {
        uri.withAuthentication(user, password.toCharArray());
      } else {
        uri.withPassword(password.toCharArray());
      }
    }
    RedisClient client = RedisClient.create(uri.build());
    StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
    return new RawRedis(client::close, connection, connection.sync());
  }

  /** Connects to a standalone fixture without credentials. */
  static RawRedis of(RedisServer server) {
    return of(server, null, null);
  }

  /** Connects to a cluster fixture. */
  static RawRedis of(RedisCluster cluster) {
    List<RedisURI> seeds = new ArrayList<>();
    for (RedisServer node : cluster.nodes()) {
      seeds.add(RedisURI.create(node.host(), node.port()));
    }
    RedisClusterClient client = RedisClusterClient.create(seeds);
    StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
    return new RawRedis(client::close, connection, connection.sync());
  }

  RedisClusterCommands<String, byte[]> commands() {
    return commands;
  }

  void set(String key, byte[] value) {
    commands.set(key, value);
  }

  byte @Nullable [] get(String key) {
    return commands.get(key);
  }

  long pttl(String key) {
    return commands.pttl(key);
  }

  boolean exists(String key) {
    return commands.exists(key) > 0;
  }

  @Override
  public void close() {
    try {
      connection.close();
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
