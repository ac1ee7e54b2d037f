/**
 * In-process tiers the bench needs and the library does not ship.
 *
 * <ul>
 *   <li>{@code lru://?maximumSize=N} ({@link io.tiercache.bench.tiers.LruBackendProvider}): a
 *       recency-only L1 that admits every write and evicts the least recently used entry, the
 *       kind of tier (an Ehcache heap, a plain LRU map) over which a promotion gate pays most.
 *   <li>{@code unbounded://} ({@link io.tiercache.bench.tiers.UnboundedBackendProvider}): a map
 *       that keeps everything, the L2 of trace replays.
 * </ul>
 *
 * <p>Both are full {@link io.tiercache.spi.LocalCacheBackend}s (tags, conditional puts atomic per
 * key, expiry by the stack's clock) and pass the TCK, but they hold one lock for every operation:
 * exact and simple, not made for many threads. Both are registered in the bench's
 * {@code META-INF/services}.
 */
@NullMarked
package io.tiercache.bench.tiers;

import org.jspecify.annotations.NullMarked;
