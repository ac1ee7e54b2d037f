/** Redis alone through Jedis, as a contender of the peers benchmark. */
@NullMarked
package io.tiercache.bench.peer.jedis;

import org.jspecify.annotations.NullMarked;
