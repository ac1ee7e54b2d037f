/**
 * A shared tier on <a href="https://redis.io">Redis</a>, through
 * <a href="https://lettuce.io">Lettuce</a>: one server, a TLS server, the master named by
 * Sentinels, or a Redis Cluster; with a tag index kept in Redis and invalidation messages that keep
 * other processes' local tiers coherent.
 *
 * <h2>URI</h2>
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/database][?options]
 * rediss://[[user]:password@]host[:port][/database][?options]                    (TLS)
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]?masterId=name
 * redis-cluster://[[user]:password@]host[:port][,host[:port]...][?options]
 *
 * caffeine://?maximumSize=10000 | redis://:secret@cache.internal:6379/0?keyPrefix=shop:
 * </pre>
 *
 * <p>The user information holds the password ({@code redis://:secret@host}) or an ACL user and
 * its password ({@code redis://app:secret@host}); for Sentinel and Cluster it applies to the data
 * nodes. The path is the database, 0 by default (a cluster has only 0). Ports default to 6379 (a
 * Sentinel's to 26379). tiercache parses every part itself, strictly (a misspelt option is an
 * error naming the nearest one), and builds Lettuce's {@code RedisURI} from the parts: the query
 * string never reaches Lettuce. Passwords appear in no message, log or {@code toString()}.
 *
 * <p>Options, besides the ones every tier accepts ({@code ttl}, {@code staleFor},
 * {@code maxEntrySize}, {@code promote}, {@code timeout}, {@code name}):
 *
 * <ul>
 *   <li>{@code keyPrefix} (default {@code tiercache:}): the tier's namespace. Every key of the tier
 *       starts with it; it is also the pub/sub channel of the tier's invalidation messages, and
 *       with client tracking {@code <keyPrefix>e:} is the prefix tracked. Tiers sharing a prefix
 *       share their entries.
 *   <li>{@code coherence} ({@code pubsub} by default, {@code tracking} or {@code none}): how other
 *       processes' local tiers learn of changes; see below.
 *   <li>{@code clientName} (default {@code tiercache}): the connections' name in
 *       {@code CLIENT LIST}.
 *   <li>{@code connectTimeout} (default {@code 10s}): how long opening a connection (and its
 *       handshake) may take.
 *   <li>{@code masterId} (Sentinel, required) and {@code sentinelPassword} (Sentinel, if the
 *       Sentinels themselves require one).
 *   <li>{@code shards} (Cluster, default 16): see "Redis Cluster" below.
 *   <li>{@code verifyPeer} ({@code full} by default: a trusted chain and the host name;
 *       {@code ca}: a trusted chain; {@code none}: no check, for tests), {@code trustStore} (a PEM
 *       file of trusted certificates, or a PKCS#12/JKS key store with
 *       {@code trustStorePassword}; the JDK's trust store if absent), {@code keyStore} and
 *       {@code keyStorePassword} (a client certificate): {@code rediss} only. TLS to Sentinel or
 *       Cluster is not supported yet.
 * </ul>
 *
 * <h2>Storage</h2>
 *
 * <ul>
 *   <li>An entry is its {@link io.tiercache.codec.EntryFormat} bytes (the codec's versioned header,
 *       {@code expiresAt}, {@code staleUntil}, tags, value, checksum) under
 *       {@code <keyPrefix>e:<key>}, with {@code PX} set to the time left until its
 *       {@code staleUntil} by the tier's clock (no expiry for {@code NEVER}). An entry already
 *       gone when put is not stored and removes the key. A read also drops an entry the tier's
 *       clock calls gone, whatever Redis's clock says.
 *   <li>Bytes that do not decode (written by another program, another codec or codec version,
 *       or damaged) are a miss, are reported to {@link io.tiercache.spi.TierEvents#onCorruptEntry}
 *       and are removed, with their index, unless the key was rewritten in the meantime.
 *   <li>Tags are Redis sets: {@code <keyPrefix>k:<key>} (the tags of a tagged entry, expiring with
 *       it), {@code <keyPrefix>t:<tag>} (the keys carrying a tag) and {@code <keyPrefix>tags}.
 *       Every write and removal is one Lua script that changes the entry and the index together,
 *       so a put replaces the old tags atomically and {@code invalidateByTag} removes every
 *       entry carrying the tag in one step, returning each key once. Entries that expire leave
 *       dead members behind; they are never reported ({@code keysByTag}, {@code tags()} and
 *       {@code invalidateByTag} check each member against its entry) and never pile up (a tag's
 *       set expires with its longest-lived entry, each tagged write drops up to two dead members
 *       of its sets, and the queries drop those they meet). Scripts are run with {@code EVALSHA}
 *       and sent again with {@code EVAL} when the server does not know them.
 *   <li>Each tier has one connection for its commands, shared by every thread and pipelined: no
 *       lock, no pool. {@code getAll} is one {@code MGET}; {@code putAll} sends its scripts back to
 *       back. {@code clear()} scans the namespace ({@code SCAN MATCH <keyPrefix>*}) and unlinks
 *       what it finds: it is not atomic, and an entry written meanwhile may survive it.
 *   <li>Values up to 496 MB (Redis's {@code proto-max-bulk-len} less room for the frame) are
 *       accepted.
 * </ul>
 *
 * <h2>Redis Cluster</h2>
 *
 * A Lua script may only touch keys of one hash slot, and the tag index must change atomically with
 * its entry. Two designs meet that: put the whole namespace in one slot with a hash tag
 * ({@code {keyPrefix}}), which is simple and keeps {@code invalidateByTag} atomic over the whole
 * tier, but puts the whole tier on one master; or fan out. This tier fans out over a fixed number
 * of shards ({@code shards}, 16 by default): each key belongs to shard
 * {@code CRC-32(key) mod shards}, and each shard is pinned by its own hash tag
 * ({@code <keyPrefix>{<tag>}e:<key>}) to a slot in its own sixteenth of the slot space, so that the
 * shards land on every master of an evenly split cluster. An entry and its index stay in one slot
 * (writes are atomic as on one server); tag queries and {@code invalidateByTag} run one script per
 * shard, at once, each atomic within its shard, and unite the answers (each key lives in one
 * shard, so it is counted once). {@code shards=1} gives the single-slot design when atomic tag
 * invalidation across the tier matters more than spreading it. A cluster's {@code keyPrefix} may
 * not hold braces. Pub/sub works across the cluster; client tracking does not (it is per node).
 *
 * <h2>Coherence across processes</h2>
 *
 * When a local tier (such as Caffeine) sits above this one, the stack uses this tier's
 * {@link io.tiercache.spi.InvalidationBus}:
 *
 * <ul>
 *   <li>{@code coherence=pubsub} (the default): stacks publish every write, invalidation, tag
 *       invalidation and clear on the channel {@code <keyPrefix>}, as a compact versioned message
 *       (origin, kind, items); other stacks evict their local copies. Malformed messages are
 *       dropped, counted and logged. It sees only what tiercache stacks do.
 *   <li>{@code coherence=tracking}: the tier's connection speaks RESP3 with
 *       {@code CLIENT TRACKING ON BCAST PREFIX <keyPrefix>e: NOLOOP}, so the server itself reports
 *       every change of an entry key: by other stacks, by expiry or eviction, and by programs
 *       that do not use tiercache (a {@code DEL} or {@code SET} from a script or another
 *       service). Those reports arrive as {@code KEYS} invalidations from the origin
 *       {@code redis-client-tracking}. Tag invalidations and clears still travel by pub/sub.
 *       Redis reports changes made inside scripts even to the {@code NOLOOP} connection that made
 *       them, so the tier remembers its own recent writes and drops a report of one of them after
 *       checking (one round trip) that the key still holds what it wrote. Standalone and Sentinel
 *       only.
 *   <li>{@code coherence=none}: no bus; local tiers above are not kept coherent.
 * </ul>
 *
 * <p>Choose {@code pubsub} when only tiercache stacks change the data: it costs one
 * {@code PUBLISH} per write and works everywhere, cluster included. Choose {@code tracking} when
 * other programs write or delete the keys (a back-office job, a script), or when local copies
 * must also go when Redis evicts or expires an entry: it needs Redis 6 or newer, RESP3, a
 * standalone or Sentinel deployment, and costs the server a report per changed key to each
 * tracking connection. Both deliver on loopback well within 50 ms at the 99th percentile (see
 * {@code docs/BENCHMARKS.md}).
 *
 * <p>When the subscription (or, with tracking, the tracking connection) drops, the bus tells its
 * listeners {@link io.tiercache.spi.InvalidationListener#onConnectionLost()}: the stack clears
 * its local tiers, since messages may be missed from then on. When it is back (the channel
 * subscribed again, tracking enabled again) it tells
 * {@link io.tiercache.spi.InvalidationListener#onReconnected()}, and the stack clears them again.
 *
 * <h2>Sentinel</h2>
 *
 * The tier asks the Sentinels for the master. Its command connection is a Lettuce master-replica
 * connection that listens to the Sentinels' {@code +switch-master} and moves to the new master
 * on its own (about 4 s after a {@code SENTINEL FAILOVER} in the tests, where a plain connection
 * kept writing to the old master until the Sentinels demoted it, about 10 s later). With
 * {@code coherence=tracking} it stays a plain connection, since tracking reports arrive on the
 * connection that enabled it: such a tier follows a failover when the old master is demoted and
 * drops its clients. The subscription follows the same way; while it is on the old master,
 * messages published on the new one still reach it once the old master replicates the new one,
 * and its loss clears the local tiers.
 *
 * <h2>Timeouts and outages</h2>
 *
 * The tiered core bounds every operation by the tier's {@code timeout} (500 ms by default) and
 * skips a failing tier behind a circuit breaker. Lettuce is set to fail fast too: commands are
 * rejected at once while a connection is down (not queued), at most 16,384 commands wait per
 * connection, each command times out after the tier's {@code timeout} (1 s if none is given;
 * Lettuce's timer adds up to 100 ms), and connections reconnect by themselves, trying again after
 * 10 ms, growing to at most one second between attempts, with jitter. So with a loader, a server
 * that dies or freezes costs callers a miss or a dropped write, never an exception or a minute's
 * wait, and the tier serves again once the server is back and the breaker lets a probe through.
 * Opening a tier does need the server: {@code create} fails with a
 * {@link io.tiercache.spi.TierAccessException} if it cannot connect.
 *
 * <p>The JVM's Redis tiers share one set of Lettuce resources (event loops, timer), created with
 * the first tier and released with the last. Futures complete, and listeners are called, on a
 * shared pool of daemon threads ({@code tiercache-redis-<n>}), never on Lettuce's I/O threads, so
 * a caller's continuation may block without stalling the connection.
 *
 * <h2>Permissions</h2>
 *
 * With ACLs, the tier's user needs the keys {@code ~<keyPrefix>*}, the channel
 * {@code &<keyPrefix>*} (unless {@code coherence=none}), and the commands {@code GET}, {@code MGET},
 * {@code EVALSHA}, {@code EVAL}, {@code SCAN}, {@code UNLINK}, {@code PUBLISH}, {@code SUBSCRIBE},
 * {@code HELLO}, {@code CLIENT SETNAME}, {@code SELECT} (another database than 0) and, with
 * tracking, {@code CLIENT TRACKING}; the scripts run {@code GET}, {@code SET}, {@code DEL},
 * {@code EXISTS}, {@code STRLEN}, {@code GETRANGE}, set commands and {@code PEXPIRE},
 * {@code PTTL}, {@code PERSIST} on the same keys.
 */
@NullMarked
package io.tiercache.backend.redis;

import org.jspecify.annotations.NullMarked;
