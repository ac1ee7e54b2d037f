/**
 * A shared tier on a <a href="https://hazelcast.com">Hazelcast</a> {@code IMap}, as a client of a
 * cluster (scheme {@code hazelcast}) or as a member started in this JVM (scheme
 * {@code hazelcast-embedded}), with exact tag invalidation across members and an invalidation bus
 * that keeps the local tiers of many JVMs coherent.
 *
 * <h2>URI</h2>
 *
 * <pre>
 * hazelcast://hz1.internal:5701,hz2.internal:5701/products?cluster=prod
 * hazelcast://app:s3cret@hz1.internal/products?cluster=prod&amp;invocationTimeout=5s
 * hazelcast-embedded:products
 * hazelcast-embedded:products?cluster=prod&amp;members=10.0.1.7:5701,10.0.1.8:5701&amp;port=5701
 * caffeine://?maximumSize=10000 | hazelcast://hz1.internal/products?cluster=prod&amp;ttl=1h
 * </pre>
 *
 * <p>A client ({@code hazelcast://}) names one or more members as hosts (port 5701 if omitted),
 * then the map, the one segment of the path. User information, if any, is the
 * {@code user:password} the client authenticates with; the password is masked as {@code ****} in
 * every message, name and {@code toString()}. An embedded member ({@code hazelcast-embedded:})
 * takes no authority: the map follows the colon, and the members to join are an option. A URI of
 * the wrong shape is refused before anything opens, each problem named with the form expected.
 *
 * <p>Options, besides the ones every tier accepts ({@code ttl}, {@code staleFor},
 * {@code maxEntrySize}, {@code promote}, {@code timeout}, {@code name}):
 *
 * <ul>
 *   <li>{@code cluster} (name, default {@code dev}): the cluster to connect to or join.
 *   <li>{@code backupCount} (0 to 6): synchronous backups of each entry and of the invalidation
 *       ring buffer. When given, the tier adds it to the cluster's configuration of the map (a
 *       dynamic configuration, which the cluster refuses, failing the tier's opening, if it
 *       already configures the map otherwise); when absent, the cluster's configuration applies
 *       (Hazelcast's default: 1).
 *   <li>{@code connectTimeout} (duration, default 10 s): how long opening waits for a member to
 *       answer (client), or for the members given to answer before forming a cluster of its own
 *       (embedded; whole seconds).
 *   <li>{@code invocationTimeout} (duration; client only): how long an operation is retried while
 *       members leave or partitions move, before it fails; by default the stack's timeout for the
 *       tier ({@code timeout}, 500 ms unless the stack says otherwise), so that no write lands long
 *       after the stack gave up on it, or 10 s when the tier is opened without one. Hazelcast
 *       counts it in whole seconds (at least one).
 *   <li>{@code members} (host[:port],...; embedded only): the members to join by TCP-IP. Without
 *       it the member forms a cluster of its own.
 *   <li>{@code port} (embedded only): the member's port, exactly; without it 5701, or the next
 *       free port above.
 *   <li>{@code address} (embedded only): the IP address of this machine the member binds to and
 *       announces ({@code 127.0.0.1}, or a pattern such as {@code 10.0.1.*}); every interface
 *       without it.
 *   <li>{@code lite} (boolean, default false; embedded only): a lite member joins the cluster,
 *       runs the tier and the bus, but holds no entries, so that JVMs coming and going move no
 *       data.
 *   <li>{@code instance} (name, default {@code default}): tiers of this JVM whose URIs give the
 *       same instance name and the same connection settings (everything above but
 *       {@code backupCount}) share one Hazelcast client or member, started by the first and shut
 *       down with the last; another name gets one of its own.
 * </ul>
 *
 * <p>An embedded member joins only the members it is told of, by TCP-IP: multicast and
 * auto-detection are off, so it never finds a cluster by accident, and so is Hazelcast's
 * phone-home.
 *
 * <h2>Entries</h2>
 *
 * <ul>
 *   <li>The map holds, under the stack's key, a small record (Hazelcast Compact type
 *       {@code tiercache.entry}) of three fields: the entry as
 *       {@link io.tiercache.codec.EntryFormat} frames it (value, {@code expiresAt},
 *       {@code staleUntil}, tags, checksum), its tags again as a string array, and its
 *       {@code staleUntil} again as a number. The copies let the cluster index and query them;
 *       the frame is what is read back.
 *   <li>An entry is written with a Hazelcast TTL of its remaining retention,
 *       {@code staleUntil - now} by the stack's clock (no TTL if it never expires), so the cluster
 *       drops it once it is gone. Hazelcast keeps TTLs in whole seconds, truncated, counted from
 *       an update time truncated to the second: asked for 300 ms it drops the entry at once, and
 *       asked for 2.5 s it may drop it after 1 s. The tier therefore asks for the retention
 *       rounded up to the second plus one second, so the cluster keeps an entry at least until
 *       its {@code staleUntil} (clocks in step) and at most two seconds longer; reads and tag
 *       queries check {@code staleUntil} against the stack's clock themselves, so an entry is
 *       never returned from its {@code staleUntil} on. The tier does not honour a test clock:
 *       the cluster keeps time.
 *   <li>Stored bytes that do not decode (damaged, foreign, another codec or codec version) read
 *       as a miss, are reported to the stack's {@link io.tiercache.spi.TierEvents#onCorruptEntry},
 *       and are removed only if still the record read (compared as bytes, or, for a record of
 *       another shape, field by field just before its removal), so a value written meanwhile
 *       survives.
 *   <li>{@code getAll} reads its keys with concurrent {@code getAsync} calls and {@code putAll}
 *       writes with concurrent {@code setAsync} calls, each with its own TTL: Hazelcast has no
 *       asynchronous {@code getAll}, a client sends its {@code getAll} as one request per
 *       partition anyway, and its batch writes take no TTL.
 *   <li>Single-key operations run on Hazelcast's asynchronous API; queries, {@code clear} and
 *       compare-and-delete, which have no asynchronous form, run on a few threads of the tier.
 *       Futures complete on the tier's threads, never on Hazelcast's. There is no synchronous
 *       read: a member's map is partitioned, so a read is local only for a few keys.
 * </ul>
 *
 * <h2>Tags</h2>
 *
 * Tags are an indexed attribute of each record, queried by predicate: a hash index on
 * {@code tags[any]} and a sorted one on {@code staleUntil}, both created by the tier on the map.
 * {@code keysByTag} is one query, {@code tags()} one distinct aggregation, both restricted to
 * entries whose {@code staleUntil} is ahead.
 * {@code invalidateByTag} queries the live entries carrying the tag, then removes each with
 * {@code IMap.remove(key, value)}, which the key's owner applies only while the record is still
 * the one queried; the keys whose removal succeeded are the answer.
 *
 * <p>Why not a separate tag map (tag to keys)? Keeping it in step with the entries needs an entry
 * processor or a lock per write, across two partitions, and a member's crash between the two
 * leaves them apart; entries also expire by themselves, which a tag map would not see. A query
 * runs on each partition's owner only, never on backups, so with any number of members each key
 * is met once, and the conditional removal makes the count exact when writes race: a key counts
 * only if this call removed it while it carried the tag. Members need no tiercache class for any
 * of this: records are Compact, whose schema the writer registers with the cluster, and queries,
 * indexes, aggregations and the value comparison work on that form.
 *
 * <p>The map belongs to the tier: give it a name no other program writes to. A value that is not
 * such a record (a string, a Java object) fails its writer, since the indexes cannot read its
 * tags, yet Hazelcast keeps it; the tier reads it as a corrupt entry (a miss, reported), but
 * Hazelcast can no more remove it from the indexes than add it, so removing it, and
 * {@code clear()}, fail until the map is destroyed. Tag queries go through the indexes and keep
 * working.
 *
 * <h2>Coherence</h2>
 *
 * {@link io.tiercache.spi.CacheBackend#invalidationBus()} offers a bus on a Hazelcast ring buffer
 * named {@code tiercache.bus.<map>}: a reliable topic whose reading the tier does itself. A
 * stack with a local tier above this one uses it by default: it publishes its writes and
 * invalidations and evicts its local tiers on other processes' messages. A publication is
 * acknowledged once the owner of the ring buffer and its synchronous backups hold it, so it
 * survives a member's crash. Listeners are told the connection was lost, and then that it
 * returned (the stack clears its local tiers each time), when a client loses its cluster and
 * connects again, when an embedded member is split from its cluster and merges back (or shuts
 * down), when the reader fell more than the ring buffer's capacity behind (10,000 messages by
 * default), and when the ring buffer itself was lost or restarted with the cluster.
 *
 * <h2>Outages</h2>
 *
 * A client waits at most {@code connectTimeout} for its first connection; after that it
 * reconnects in the background for ever, with a backoff from 100 ms to 2 s, and while no member
 * answers every operation fails at once instead of waiting: the stack reads a miss, drops the
 * write, and falls back to its loader, and its circuit breaker soon stops asking. Once a member
 * answers again the tier configures the map again (the cluster may be a new one) and the bus
 * reports the return, so the stack clears its local tiers.
 */
@NullMarked
package io.tiercache.backend.hazelcast;

import org.jspecify.annotations.NullMarked;
