package io.tiercache.bench.peers;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.tiercache.bench.workload.Contender;
import io.tiercache.bench.workload.Dataset;
import io.tiercache.bench.workload.Settings;
import io.tiercache.bench.workload.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Redis alone through Lettuce with its defaults: one connection shared by every client thread
 * (Lettuce pipelines their commands), the synchronous API, {@code GET}, and on a miss a load and
 * a {@code SET}.
 */
public final class LettuceContender implements Contender {

  /** Creates the contender. */
  public LettuceContender() {}

  @Override
  public String name() {
    return "lettuce";
  }

  @Override
  public String describe() {
    return "Redis alone through Lettuce " + Versions.of("io.lettuce", "lettuce-core")
        + " (one shared connection, default options, native epoll transport, sync GET / SET)";
  }

  @Override
  public Client open(Settings settings) {
    RedisClient client = RedisClient.create(settings.redisUri());
    StatefulRedisConnection<String, String> connection = client.connect();
    RedisCommands<String, String> commands = connection.sync();
    return new Client() {
      @Override
      public void preload() throws Exception {
        RedisAsyncCommands<String, String> async = connection.async();
        Dataset dataset = settings.dataset();
        List<RedisFuture<String>> batch = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
          batch.add(async.set(dataset.key(i), Dataset.value(i)));
          if (batch.size() == 1000 || i == dataset.size() - 1) {
            for (RedisFuture<String> written : batch) {
              written.get(30, TimeUnit.SECONDS);
            }
            batch.clear();
          }
        }
      }

      @Override
      public @Nullable String get(String key) {
        String value = commands.get(key);
        if (value == null) {
          value = settings.database().load(key);
          if (value != null) {
            commands.set(key, value);
          }
        }
        return value;
      }

      @Override
      public void put(String key, String value) {
        commands.set(key, value);
      }

      @Override
      public void close() {
        connection.close();
        client.shutdown();
      }
    };
  }
}
