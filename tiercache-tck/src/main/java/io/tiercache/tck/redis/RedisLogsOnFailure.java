package io.tiercache.tck.redis;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that attaches the end of the log of every Redis fixture still running in
 * the JVM to a failing test (or failing {@code @BeforeAll}, {@code @BeforeEach}, ... method), as a
 * suppressed exception, so that the report shows what the servers said:
 *
 * <pre>{@code
 * @ExtendWith(RedisLogsOnFailure.class)
 * class MyRedisIT { ... }
 * }</pre>
 *
 * <p>Stateless and safe for concurrent use.
 */
public final class RedisLogsOnFailure
    implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  /** The number of log lines attached per server. */
  public static final int LINES = 40;

  /** Creates the extension; JUnit calls it. */
  public RedisLogsOnFailure() {}

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw withLogs(throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw withLogs(throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw withLogs(throwable);
  }

  @Override
  public void handleAfterEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw withLogs(throwable);
  }

  @Override
  public void handleAfterAllMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw withLogs(throwable);
  }

  /**
   * Adds the log tails of the running fixtures to a failure, unless it is an aborted test.
   *
   * @param failure the failure
   * @return the same failure
   */
  static Throwable withLogs(Throwable failure) {
    if (failure.getClass().getName().equals("org.opentest4j.TestAbortedException")) {
      return failure;
    }
    List<RedisServer> servers = RedisServer.running();
    for (RedisServer server : servers) {
      failure.addSuppressed(new RedisServerLog(server, server.logTail(LINES)));
    }
    return failure;
  }

  /** The log of one server, carried as a suppressed exception without a stack trace. */
  static final class RedisServerLog extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedisServerLog(RedisServer server, String tail) {
      super("log of " + server + (server.logFile().map(f -> " (" + f + ")").orElse(""))
          + ", last " + LINES + " lines:\n" + tail, null, false, false);
    }
  }
}
