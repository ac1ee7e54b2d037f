/**
 * An in-process tier (L1) on Caffeine, served for the URI scheme {@code caffeine}, as in
 * {@code caffeine://?maximumSize=10000&ttl=5m}.
 *
 * <p>The module exports nothing: put it on the class path or module path and the tiercache
 * registry finds its {@link io.tiercache.spi.BackendProvider} through
 * {@link java.util.ServiceLoader}. Its options and behaviour are described in the package
 * {@code io.tiercache.backend.caffeine}.
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.backend.caffeine {
  requires io.tiercache.api;
  requires com.github.benmanes.caffeine;
  requires static org.jspecify;

  provides io.tiercache.spi.BackendProvider
      with io.tiercache.backend.caffeine.CaffeineBackendProvider;
}
