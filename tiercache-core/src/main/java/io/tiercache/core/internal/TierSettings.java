package io.tiercache.core.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The common options of one tier, as the core applies them.
 *
 * @param ttl the cap on freshness of entries in the tier, or {@code null} for none
 * @param staleFor the cap on the stale window, or {@code null} for none
 * @param maxEntryBytes the largest encoded entry the tier takes
 * @param timeout how long a remote operation may take; zero for no timeout
 * @param promote the promotion strategy's spec, or {@code null} for the default
 */
public record TierSettings(
    @Nullable Duration ttl,
    @Nullable Duration staleFor,
    long maxEntryBytes,
    Duration timeout,
    @Nullable String promote) {}
