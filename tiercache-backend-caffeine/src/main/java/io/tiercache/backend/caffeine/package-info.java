/**
 * An in-process tier on <a href="https://github.com/ben-manes/caffeine">Caffeine</a>, the usual L1
 * of a stack, served for the URI scheme {@code caffeine}.
 *
 * <h2>URI</h2>
 *
 * <pre>
 * caffeine://?maximumSize=10000
 * caffeine://?maximumWeight=64MB&amp;expireAfterAccess=10m&amp;recordStats=true
 * caffeine://?maximumSize=10000&amp;ttl=5m | redis://localhost:6379/0
 * </pre>
 *
 * <p>The URI is {@code caffeine://} followed by options; it takes no user information, no host and
 * no path, since the tier lives in this process. Options, besides the ones every tier accepts
 * ({@code ttl}, {@code staleFor}, {@code maxEntrySize}, {@code promote}, {@code timeout},
 * {@code name}):
 *
 * <ul>
 *   <li>{@code maximumSize} (integer, at least 1): the most entries the tier holds.
 *   <li>{@code maximumWeight} (size, such as {@code 64MB}): the most bytes the tier holds. Each
 *       entry weighs the encoded size of its value, as the stack's
 *       {@link io.tiercache.codec.ValueCodec#encodedSize} tells it, plus
 *       {@value io.tiercache.backend.caffeine.CaffeineBackendProvider#ENTRY_OVERHEAD_BYTES} bytes
 *       for the entry's metadata and the cache's node. Keys are not weighed. A value larger than
 *       {@code maximumWeight} minus that overhead is dropped as soon as it is written (and
 *       reported as an eviction). Not together with {@code maximumSize}.
 *   <li>{@code expireAfterAccess} (duration): an entry not read for that long is dropped, in
 *       addition to its own expiry.
 *   <li>{@code recordStats} (boolean, default {@code false}): records Caffeine's hit, miss and
 *       eviction counts, shown by the tier's {@code toString()}.
 * </ul>
 *
 * <p><b>The tier is always bounded.</b> When neither {@code maximumSize} nor {@code maximumWeight}
 * is given, it holds at most
 * {@value io.tiercache.backend.caffeine.CaffeineBackendProvider#DEFAULT_MAXIMUM_SIZE} entries: an
 * unbounded L1 grows with the number of distinct keys until the process runs out of memory.
 * Caffeine chooses what to keep by recency and frequency (W-TinyLFU), so a new entry may be
 * refused in favour of a more popular one; the tier declares this as
 * {@link io.tiercache.spi.BackendCapabilities#admitsByFrequency()}.
 *
 * <h2>Behaviour</h2>
 *
 * <ul>
 *   <li>Values are stored by reference, not encoded: a reader gets the very entry that was
 *       written, so values should be immutable.
 *   <li>Each entry is kept until its own {@code staleUntil}, by Caffeine's variable expiry driven
 *       by the stack's {@link io.tiercache.spi.TierClock} (a
 *       {@link io.tiercache.spi.ManualClock} moves it in tests); every read checks the entry
 *       against the clock again, so an entry is never returned once gone.
 *   <li>The synchronous read ({@code getSync}) allocates nothing on a hit or a miss.
 *   <li>Tags are indexed in the process. The index is changed atomically with the entry of each
 *       key, on writes, removals, expiry and eviction, so that a key is listed under a tag only
 *       while its stored entry carries that tag.
 *   <li>Evictions for room and expiries are reported to the stack's
 *       {@link io.tiercache.spi.TierEvents} on the thread that caused them. Caffeine's upkeep
 *       runs on the calling threads rather than on a pool: it is amortised, bounded and never
 *       waits for a lock, and it makes evictions and their events deterministic. Expired entries
 *       are removed, and reported, as the tier is used; none is ever returned in the meantime.
 * </ul>
 */
@NullMarked
package io.tiercache.backend.caffeine;

import org.jspecify.annotations.NullMarked;
