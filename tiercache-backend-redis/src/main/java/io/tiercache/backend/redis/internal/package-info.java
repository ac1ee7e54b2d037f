/**
 * The Redis tier's inner parts, not exported: the layout of its keys ({@link
 * io.tiercache.backend.redis.internal.KeyLayout}), the Lua scripts that keep entries and their tag
 * index consistent ({@link io.tiercache.backend.redis.internal.LuaScript}), the byte form of
 * invalidation messages ({@link io.tiercache.backend.redis.internal.InvalidationCodec}), and the
 * Lettuce resources and executors shared by the JVM's tiers.
 */
@NullMarked
package io.tiercache.backend.redis.internal;

import org.jspecify.annotations.NullMarked;
