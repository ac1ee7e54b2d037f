/**
 * An in-process tier on <a href="https://www.ehcache.org/">Ehcache 3</a>: a heap tier, optionally
 * an off-heap tier and a disk tier, the disk optionally persistent across restarts. Served for
 * the URI scheme {@code ehcache}.
 *
 * <h2>URI</h2>
 *
 * <pre>
 * ehcache:heap?entries=10000
 * ehcache:heap?entries=1000&amp;offheap=256MB
 * ehcache:/var/cache/app?disk=512MB&amp;offheap=64MB&amp;persistent=true
 * caffeine://?maximumSize=10000 | ehcache:/var/cache/app?disk=4GB&amp;persistent=true
 * </pre>
 *
 * <p>The URI is {@code ehcache:<location>} followed by options; it takes no {@code //}, no host and
 * no user information. The location is either {@code heap}, for a tier in memory only, or the
 * folder of a disk store: an absolute path, percent-encoded where a URI needs it
 * ({@code ehcache:/var/cache/my%20app?disk=1GB}), or a path relative to the working directory
 * ({@code ehcache:cache/app?disk=1GB}); a folder literally named {@code heap} is written
 * {@code ./heap}. Options, besides the ones every tier accepts ({@code ttl}, {@code staleFor},
 * {@code maxEntrySize}, {@code promote}, {@code timeout}, {@code name}):
 *
 * <ul>
 *   <li>{@code entries} (integer, default
 *       {@value io.tiercache.backend.ehcache.EhcacheBackendProvider#DEFAULT_ENTRIES}): the most
 *       entries the heap tier holds. Ehcache sizes its heap in entries only: sizing it in bytes is
 *       deprecated by Ehcache and measures objects by reflection into the JDK, which needs
 *       {@code --add-opens} flags, so this tier does not offer it.
 *   <li>{@code offheap} (size, such as {@code 64MB}; at least 1MB): adds an off-heap tier.
 *   <li>{@code disk} (size): adds a disk tier in the folder; required with a folder, and a folder
 *       is required with it. When both are given, {@code offheap} must be smaller than
 *       {@code disk}: Ehcache keeps every entry in its lowest tier and the most used ones also in
 *       the tiers above.
 *   <li>{@code persistent} (boolean, default {@code false}): keeps the disk tier's entries, with
 *       their lifetimes and tags, when the tier closes, and reads them back when a tier opens the
 *       same folder again. Needs {@code disk}. Without it the disk tier is emptied on close.
 * </ul>
 *
 * <p>Every problem of a URI is reported at once; one that involves two options, or an option and
 * the location, names both (a folder without {@code disk}, {@code disk} at {@code heap},
 * {@code persistent=true} without {@code disk}, {@code offheap} not smaller than {@code disk}).
 *
 * <h2>Behaviour</h2>
 *
 * <ul>
 *   <li><b>Values.</b> A heap-only tier stores entries by reference, as Caffeine does: values
 *       should be immutable. With an off-heap or disk tier every entry is stored as bytes: the
 *       stack's {@link io.tiercache.codec.ValueCodec} inside tiercache's
 *       {@link io.tiercache.codec.EntryFormat} (checksummed), inside a frame that carries a
 *       fingerprint of the key. Bytes that are damaged, foreign, written by another codec or
 *       codec version, or stored under another key read as a miss, are removed and are reported
 *       through {@link io.tiercache.spi.TierEvents#onCorruptEntry}. The heap tier above them keeps
 *       the entries it decoded and hands the same instance to every reader until it evicts it, so
 *       values should be immutable here too (or never changed by readers, as with byte arrays). The tier then declares
 *       {@code storesBytes}, and accepts entries up to an eighth of its lowest tier (disk, else
 *       off-heap) as {@code maxEntryBytes}; a larger entry Ehcache still cannot fit is dropped
 *       when written and reported as an eviction.
 *   <li><b>Expiry.</b> Each entry is kept until its own {@code staleUntil}: Ehcache's expiry
 *       policy gives it that lifetime, measured on Ehcache's time source, which is the stack's
 *       {@link io.tiercache.spi.TierClock} (a {@link io.tiercache.spi.ManualClock} moves it in
 *       tests); reads do not extend it. Every read also checks the entry against the clock, so an
 *       entry is never returned once gone.
 *   <li><b>Tags.</b> The tier indexes tags in this process, and changes an entry and its place in
 *       the index together, under a lock of the key (Ehcache has no public atomic
 *       read-modify-write): writes, removals and {@code putSyncIf} are atomic per key with respect
 *       to one another. Ehcache's evictions and expiries reach the index through a synchronous
 *       listener; by the time the operation that caused them returns (or, under concurrency, just
 *       after), the index has forgotten the key and the eviction or expiry has been reported to
 *       the stack's {@link io.tiercache.spi.TierEvents}. Invalidation counts are of distinct keys whose
 *       entries were live.
 *   <li><b>Persistence.</b> A persistent tier keeps a second Ehcache cache, {@code tags}, on disk
 *       beside the entries: when the tier closes, the tag index is written there (a record per
 *       tag, then a manifest that counts them and names the codec); when it opens, it is read
 *       back, checked against the manifest and against the entries still stored, and removed
 *       until the next close. Entries keep their absolute lifetimes across the restart. The index
 *       is saved on close rather than on every write because Ehcache itself keeps a persistent
 *       store only across a clean close (see below), and rewriting a tag's whole key set on
 *       every write would cost in proportion to the tag's size.
 *   <li><b>One tier per folder.</b> A tier holds an operating-system lock on the file
 *       {@code tiercache.lock} in its folder while it is open. Another tier opening the folder, in
 *       this process or another, fails with a {@link io.tiercache.spi.TierAccessException} that
 *       names the folder and says it is in use. Ehcache keeps its files in the sub-folder
 *       {@code ehcache}.
 *   <li><b>After a crash.</b> If the process holding a persistent store dies without closing it,
 *       Ehcache cannot trust the store (its disk index is written on close) and discards it when
 *       it is next opened: the tier opens empty and logs a warning (on the {@link System.Logger}
 *       {@code io.tiercache.backend.ehcache}). So does a store whose files cannot be read, one
 *       whose tag index was not saved whole (a tier never opens onto entries it cannot invalidate
 *       by tag), one written by another codec or codec version, and a persistent store reopened
 *       with {@code persistent=false}. Opening never throws for what it finds in the folder;
 *       only a folder in use, or one that cannot be created, fails. Whatever is read back is
 *       whole and was written under its key, because every frame is checked.
 * </ul>
 */
@NullMarked
package io.tiercache.backend.ehcache;

import org.jspecify.annotations.NullMarked;
