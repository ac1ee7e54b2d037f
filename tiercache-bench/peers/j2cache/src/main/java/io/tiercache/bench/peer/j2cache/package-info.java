/** J2Cache as a contender of the peers benchmark. */
@NullMarked
package io.tiercache.bench.peer.j2cache;

import org.jspecify.annotations.NullMarked;
