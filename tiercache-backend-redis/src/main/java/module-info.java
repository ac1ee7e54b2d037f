/**
 * A shared tier on Redis through Lettuce, served for the URI schemes {@code redis},
 * {@code rediss}, {@code redis-sentinel} and {@code redis-cluster}, as in
 * {@code redis://127.0.0.1:6379/0?keyPrefix=shop:}.
 *
 * <p>The module exports nothing: put it on the class path or module path and the tiercache
 * registry finds its {@link io.tiercache.spi.BackendProvider} through
 * {@link java.util.ServiceLoader}. Its options and behaviour are described in the package
 * {@code io.tiercache.backend.redis}.
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.backend.redis {
  requires io.tiercache.api;
  requires lettuce.core;
  requires static org.jspecify;

  provides io.tiercache.spi.BackendProvider
      with io.tiercache.backend.redis.RedisBackendProvider;
}
