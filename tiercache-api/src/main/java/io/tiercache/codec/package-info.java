/**
 * How values become bytes for tiers that store bytes (Redis, Hazelcast, Ehcache off-heap and
 * disk).
 *
 * <p>A {@link io.tiercache.codec.ValueCodec} turns a value into bytes and back; built-ins cover
 * {@code byte[]} and UTF-8 {@code String}. Tiers never store a codec's bytes bare:
 * {@link io.tiercache.codec.EntryFormat} frames them with a versioned header (a magic number, the
 * format version, a fingerprint of the codec's id and version), the entry's expiry, stale window
 * and tags, and a CRC-32C checksum. Bytes written by another program, by another codec, by an
 * older codec version, or damaged on the way are recognised and rejected with a
 * {@link io.tiercache.codec.CorruptEntryException}, which a tier reports as a miss.
 */
@NullMarked
package io.tiercache.codec;

import org.jspecify.annotations.NullMarked;
