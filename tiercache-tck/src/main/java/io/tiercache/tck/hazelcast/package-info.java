/**
 * Test fixtures for tiers on Hazelcast: clusters of real members started in the test JVM, and
 * clients connected to them.
 *
 * <p>{@link io.tiercache.tck.hazelcast.HazelcastCluster} starts two, three or more members on the
 * loopback interface only ({@code 127.0.0.1}), on free ports, under a cluster name of their own,
 * joined by TCP-IP with multicast, auto-detection and phone-home off, so that a test never finds
 * or is found by another cluster on the network and many tests can run side by side. Members can
 * be shut down gracefully, terminated as in a crash, and started again on their port; clients
 * and tier URIs ({@code hazelcast://...}, {@code hazelcast-embedded:...}) for the cluster are
 * made for you. Waiting (for a cluster size, for backups to be in place) polls with a deadline.
 *
 * <p>Hazelcast ({@code com.hazelcast:hazelcast}) is an optional dependency of the TCK: add it to
 * your test class path to use this package. On JDK 17 and later Hazelcast asks, with a warning,
 * for {@code --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
 * --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
 * --add-opens java.management/sun.management=ALL-UNNAMED --add-opens
 * jdk.management/com.sun.management.internal=ALL-UNNAMED} on the test JVM's command line.
 */
@NullMarked
package io.tiercache.tck.hazelcast;

import org.jspecify.annotations.NullMarked;
