/**
 * A third party's view of the kit: a {@code memory://} backend written only here, on a
 * {@link java.util.concurrent.ConcurrentHashMap} of entries encoded with
 * {@link io.tiercache.codec.EntryFormat}, registered through {@code META-INF/services}, and
 * proven by extending {@link io.tiercache.tck.BackendContract} in a few lines.
 *
 * <p>The same backend with planted defects ({@code broken-memory://?defect=...}) shows that the
 * kit fails exactly the rules each defect breaks, and passes the others.
 */
@NullMarked
package io.tiercache.tck.memory;

import org.jspecify.annotations.NullMarked;
