/**
 * The tiercache API: what a backend implements ({@code io.tiercache.spi}), how values become
 * bytes ({@code io.tiercache.codec}) and how tiers are written down as URIs
 * ({@code io.tiercache.config}). It depends on nothing outside the JDK (JSpecify's annotations
 * are needed only to compile).
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.api {
  requires static transitive org.jspecify;

  exports io.tiercache.spi;
  exports io.tiercache.codec;
  exports io.tiercache.config;
}
