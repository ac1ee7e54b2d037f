package io.tiercache.backend.redis;

import io.tiercache.tck.StackContract;
import io.tiercache.tck.redis.RedisLogsOnFailure;
import io.tiercache.tck.redis.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Caffeine over Redis passes the stack rules S1 to S10. */
@ExtendWith(RedisLogsOnFailure.class)
class RedisStackRulesIT extends StackContract {

  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    Fixtures.closeAll(server);
  }

  @Override
  protected List<String> tierUris() {
    return List.of(
        "caffeine://?maximumSize=10000", server.uri() + "/0?keyPrefix=tck-stack-rules:");
  }
}
