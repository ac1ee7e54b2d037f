/**
 * Tiers written down as URIs, and their options.
 *
 * <p>A tier is one URI; a stack is several joined by {@code |}, the first being L1:
 *
 * <pre>
 * caffeine://?maximumSize=10000&amp;ttl=5m
 * redis://:secret@localhost:6379/0?keyPrefix=shop:&amp;timeout=200ms
 * hazelcast-embedded:products
 * ehcache:/var/cache/app?disk=512MB&amp;persistent=true
 * caffeine://?maximumSize=10000 | redis://localhost:6379/0
 * </pre>
 *
 * <p>{@link io.tiercache.config.TierUri} parses the grammar; {@link io.tiercache.config.Option}
 * declares one documented, typed option; {@link io.tiercache.config.TierOptions} checks a URI's
 * parameters against the options of its scheme plus the {@link
 * io.tiercache.config.CommonOptions common ones}. Parsing is strict: an unknown parameter, a bad
 * value or a malformed URI is an {@link io.tiercache.config.InvalidTierUriException} (an {@link
 * IllegalArgumentException}) that lists every problem found, names the tier with its credentials
 * masked as {@code ****}, and suggests the nearest valid name for a misspelt one.
 *
 * <p>Durations are {@code <number>(ms|s|m|h|d)} or ISO-8601 ({@code PT5M}); sizes are
 * {@code <number>} bytes or {@code <number>(KB|MB|GB)}, powers of 1024.
 */
@NullMarked
package io.tiercache.config;

import org.jspecify.annotations.NullMarked;
