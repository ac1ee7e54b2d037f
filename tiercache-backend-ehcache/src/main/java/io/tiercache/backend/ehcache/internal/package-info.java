/**
 * The parts of the Ehcache tier that Ehcache calls or that hold its state, not exported by the
 * module: the serializer of stored entries (the stack's codec inside tiercache's entry format,
 * inside a frame that names the key), the in-process tag index and the records that persist it
 * across a restart, the striped key locks that make an entry and its place in the index change
 * together, the lock on a disk store's folder, and the resilience strategy that makes Ehcache
 * report store failures instead of swallowing them.
 *
 * <p>Nothing here is API: names and formats may change with any release, except where a format
 * is read back from disk (the entry frame, the tag records), whose versions are checked.
 */
@NullMarked
package io.tiercache.backend.ehcache.internal;

import org.jspecify.annotations.NullMarked;
