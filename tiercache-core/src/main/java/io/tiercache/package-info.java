/**
 * The user API of tiercache.
 *
 * <p>{@link io.tiercache.BackendRegistry} finds the backends on the class path (or module path)
 * with {@link java.util.ServiceLoader}, checks tier URIs against them — every problem of every
 * tier reported at once — and opens tiers. {@link io.tiercache.PromotionStrategies} does the same
 * for promotion strategies named in a tier's {@code promote} parameter.
 */
@NullMarked
package io.tiercache;

import org.jspecify.annotations.NullMarked;
