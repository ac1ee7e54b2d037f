/**
 * Implementation of the tiered core. Not exported: nothing here is API, and it may change in any
 * release.
 */
@NullMarked
package io.tiercache.core.internal;

import org.jspecify.annotations.NullMarked;
