package io.tiercache.backend.redis;

import io.tiercache.tck.redis.RedisBinary;
import io.tiercache.tck.redis.RedisServer;
import io.tiercache.tck.redis.SelfSignedCertificate;
import org.junit.jupiter.api.Assumptions;

/** Starts the fixtures the tests share, skipping with the reason where the binary cannot. */
final class Fixtures {

  /** The password of the default user of ACL servers, used by the fixture itself. */
  static final String ADMIN_PASSWORD = "admin-pass-1";

  private Fixtures() {}

  /** A TLS-only server with a certificate made now; skips if the binary has no TLS. */
  static RedisServer tlsServer() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    try {
      return RedisServer.builder().tls(certificate).start();
    } catch (IllegalStateException e) {
      Assumptions.abort("this redis-server cannot serve TLS: " + e.getMessage());
      throw e;
    }
  }

  /**
   * A server whose default user needs {@link #ADMIN_PASSWORD}, with a user allowed only keys and
   * channels starting with {@code prefix}; skips on a binary older than Redis 6.2.
   */
  static RedisServer aclServer(String user, String password, String prefix) {
    RedisBinary binary = RedisBinary.find();
    Assumptions.assumeTrue(binary.atLeast(6, 2),
        () -> "ACL users with channel patterns need Redis 6.2 or newer; found " + binary);
    return RedisServer.builder()
        .binary(binary)
        .adminPassword(ADMIN_PASSWORD)
        .user(user, password, "~" + prefix + "*", "&" + prefix + "*", "+@all")
        .start();
  }

  /** The system property of the number of R29 sequences, read by the TCK. */
  static final String SEQUENCES = "tiercache.tck.sequences";

  /**
   * Runs fewer model-based sequences (R29) in a contract run that repeats what the standalone run
   * covers with the full 1,000 (same scripts, another transport), unless the build sets the
   * number; returns what to restore.
   */
  static String fewerSequences(int count) {
    String before = System.getProperty(SEQUENCES);
    if (before == null) {
      System.setProperty(SEQUENCES, Integer.toString(count));
    }
    return before == null ? "" : before;
  }

  /** Restores what {@link #fewerSequences} changed. */
  static void restoreSequences(String before) {
    if (before.isEmpty()) {
      System.clearProperty(SEQUENCES);
    }
  }

  /** Closes fixtures and clients, in order, skipping nulls (a fixture that never started). */
  static void closeAll(AutoCloseable... resources) {
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing " + resource + " failed", e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
