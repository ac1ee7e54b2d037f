/**
 * Real Redis servers for tests, reusable by any project: a standalone server
 * ({@link io.tiercache.tck.redis.RedisServer}), a TLS server with a certificate made in the test
 * ({@link io.tiercache.tck.redis.SelfSignedCertificate}), servers with ACL users, a three-master
 * cluster ({@link io.tiercache.tck.redis.RedisCluster}) and a master, replica and Sentinel
 * ({@link io.tiercache.tck.redis.RedisSentinel}).
 *
 * <h2>Where servers come from</h2>
 *
 * A standalone server is, in order: the external server named by the environment variable
 * {@code TIERCACHE_REDIS_URI} (then it cannot be killed, frozen or restarted, and the methods that
 * would say so), {@code redis-server} on the {@code PATH}, or the binary bundled in the optional
 * dependency {@code com.github.codemonstur:embedded-redis} (Redis 6.2, extracted to a temporary
 * file; see {@link io.tiercache.tck.redis.RedisBinary}; the system property
 * {@code tiercache.redis.source=path|embedded} forces one of the two). The cluster, Sentinel, TLS and ACL
 * fixtures always start local processes from the PATH or bundled binary. A Testcontainers source
 * is not implemented: with Docker, run a container and name it in {@code TIERCACHE_REDIS_URI}.
 *
 * <h2>Processes</h2>
 *
 * Every process binds {@code 127.0.0.1} on a free port, keeps no data on disk, logs to a temporary
 * file, and is started and administered by the fixtures' own small RESP client, so that the
 * fixtures depend on no Redis client library. They can be stopped, killed ({@code SIGKILL}),
 * frozen ({@code SIGSTOP}), thawed ({@code SIGCONT}) and restarted on the same port, which is what
 * outage tests need. A fixture that fails to start says why and quotes the end of its log;
 * {@link io.tiercache.tck.redis.RedisLogsOnFailure} attaches the logs of every running fixture to
 * a failing test. Close fixtures (they are {@link java.lang.AutoCloseable}) to stop the processes
 * and delete their files.
 */
@NullMarked
package io.tiercache.tck.redis;

import org.jspecify.annotations.NullMarked;
