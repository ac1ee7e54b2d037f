/**
 * What a tier implements, and what the tiered core asks of it.
 *
 * <p>A tier is a {@link io.tiercache.spi.CacheBackend}: an asynchronous key-value store of
 * {@link io.tiercache.spi.CacheEntry entries} whose values carry their own expiry
 * ({@code expiresAt}), stale window ({@code staleUntil}) and tags. An in-process tier also
 * implements {@link io.tiercache.spi.LocalCacheBackend}, whose synchronous methods let an L1 hit
 * cost no future and no thread hop.
 *
 * <p>Backends are found at run time: a module registers a {@link io.tiercache.spi.BackendProvider}
 * both in {@code META-INF/services} and with {@code provides} in its {@code module-info}; the
 * provider names the URI schemes it serves and documents its {@link io.tiercache.config.Option
 * options}. Promotion strategies are found the same way through
 * {@link io.tiercache.spi.PromotionStrategyProvider}.
 *
 * <p>Time is read from a {@link io.tiercache.spi.TierClock}, never from the system directly, so
 * that tests can move it with a {@link io.tiercache.spi.ManualClock}.
 *
 * <p>Every type here is safe for concurrent use unless its documentation says otherwise. No
 * method accepts or returns {@code null} unless it is annotated {@code @Nullable}.
 */
@NullMarked
package io.tiercache.spi;

import org.jspecify.annotations.NullMarked;
