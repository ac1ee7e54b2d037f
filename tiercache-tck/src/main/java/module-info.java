/**
 * The tiercache technology compatibility kit: the contract every backend must pass, as an
 * abstract JUnit 5 class that a backend's test extends ({@link io.tiercache.tck.BackendContract}).
 * The rules are numbered and described in the kit's {@code SPEC.md}.
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.tck {
  requires transitive io.tiercache.core;
  requires transitive io.tiercache.api;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires static org.jspecify;
  requires static com.hazelcast.core;

  exports io.tiercache.tck;
  exports io.tiercache.tck.hazelcast;
  exports io.tiercache.tck.redis;

  // The registration rules look providers up themselves, on the class path and in a module layer.
  uses io.tiercache.spi.BackendProvider;

  opens io.tiercache.tck to
      org.junit.platform.commons;
}
