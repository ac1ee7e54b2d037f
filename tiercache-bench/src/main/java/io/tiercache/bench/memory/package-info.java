/**
 * {@code promoter-memory}: how much memory promotion strategies hold after seeing many distinct
 * keys, both as they report it ({@link io.tiercache.spi.PromotionStrategy#footprintBytes()}) and
 * as the heap shows it after a full collection.
 */
@NullMarked
package io.tiercache.bench.memory;

import org.jspecify.annotations.NullMarked;
