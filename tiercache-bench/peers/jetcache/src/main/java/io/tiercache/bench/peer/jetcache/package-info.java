/** JetCache as a contender of the peers benchmark. */
@NullMarked
package io.tiercache.bench.peer.jetcache;

import org.jspecify.annotations.NullMarked;
