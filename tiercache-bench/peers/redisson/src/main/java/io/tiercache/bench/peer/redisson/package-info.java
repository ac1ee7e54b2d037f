/** Redisson as a contender of the peers benchmark. */
@NullMarked
package io.tiercache.bench.peer.redisson;

import org.jspecify.annotations.NullMarked;
