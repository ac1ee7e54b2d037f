/**
 * A shared tier on a Hazelcast {@code IMap}, served for the URI schemes {@code hazelcast} (a
 * client of a cluster, as in {@code hazelcast://hz1.internal:5701/products?cluster=prod}) and
 * {@code hazelcast-embedded} (a member started in this JVM, as in
 * {@code hazelcast-embedded:products}).
 *
 * <p>The module exports nothing: put it on the class path or module path and the tiercache
 * registry finds its {@link io.tiercache.spi.BackendProvider} through
 * {@link java.util.ServiceLoader}. Its options and behaviour are described in the package
 * {@code io.tiercache.backend.hazelcast}.
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.backend.hazelcast {
  requires io.tiercache.api;
  requires com.hazelcast.core;
  requires static org.jspecify;

  provides io.tiercache.spi.BackendProvider
      with io.tiercache.backend.hazelcast.HazelcastBackendProvider;
}
