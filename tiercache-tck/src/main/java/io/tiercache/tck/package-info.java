/**
 * The contract every tiercache backend must pass, runnable by third parties against their own
 * backend.
 *
 * <p>A backend's test extends {@link io.tiercache.tck.BackendContract} and names its tier by URI
 * (or overrides the factory); JUnit then runs one test per rule of the kit's {@code SPEC.md},
 * each displayed with its number ({@code R1}, {@code R2}, ...). A rule that needs a capability the
 * backend does not declare in {@link io.tiercache.spi.BackendCapabilities} is reported as skipped,
 * with the capability named; it is never silently absent.
 *
 * <p>Time is a {@link io.tiercache.spi.ManualClock} when the backend honours its context's clock,
 * so expiry is checked to the millisecond without waiting; otherwise entries get short real
 * lifetimes and the kit waits for them with a deadline. A model-based rule replays seeded random
 * sequences of operations against a reference model and prints the shrunk failing sequence with
 * its seed.
 */
@NullMarked
package io.tiercache.tck;

import org.jspecify.annotations.NullMarked;
