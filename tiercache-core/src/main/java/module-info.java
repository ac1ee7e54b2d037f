/**
 * The tiered core of tiercache: the provider registry that turns tier URIs into backends, the
 * tiered combinator and the built-in promotion strategies.
 */
@org.jspecify.annotations.NullMarked
module io.tiercache.core {
  requires transitive io.tiercache.api;
  requires static transitive org.jspecify;

  exports io.tiercache;

  uses io.tiercache.spi.BackendProvider;
  uses io.tiercache.spi.PromotionStrategyProvider;

  provides io.tiercache.spi.PromotionStrategyProvider with
      io.tiercache.core.internal.AdaptivePromotionProvider,
      io.tiercache.core.internal.AlwaysPromotionProvider,
      io.tiercache.core.internal.NeverPromotionProvider,
      io.tiercache.core.internal.HitCountPromotionProvider,
      io.tiercache.core.internal.HitRatePromotionProvider;
}
