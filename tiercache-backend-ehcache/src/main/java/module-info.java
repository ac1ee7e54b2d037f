/**
 * An in-process tier on Ehcache 3 — heap, off-heap and (persistent) disk — served for the URI
 * scheme {@code ehcache}, as in {@code ehcache:heap?entries=10000} or
 * {@code ehcache:/var/cache/app?disk=512MB&offheap=64MB&persistent=true}.
 *
 * <p>The module exports nothing: put it on the class path or module path and the tiercache
 * registry finds its {@link io.tiercache.spi.BackendProvider} through
 * {@link java.util.ServiceLoader}. Its options and behaviour are described in the package
 * {@code io.tiercache.backend.ehcache}. Ehcache 3.12 ships without a module name, so it is the
 * automatic module {@code ehcache}, named after its jar.
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.backend.ehcache {
  requires io.tiercache.api;
  requires ehcache;
  requires static org.jspecify;

  provides io.tiercache.spi.BackendProvider
      with io.tiercache.backend.ehcache.EhcacheBackendProvider;
}
