package io.tiercache.backend.ehcache;

import static io.tiercache.backend.ehcache.EhcacheBackendProvider.DISK;
import static io.tiercache.backend.ehcache.EhcacheBackendProvider.ENTRIES;
import static io.tiercache.backend.ehcache.EhcacheBackendProvider.IN_MEMORY;
import static io.tiercache.backend.ehcache.EhcacheBackendProvider.OFFHEAP;
import static io.tiercache.backend.ehcache.EhcacheBackendProvider.PERSISTENT;

import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The tiers of one Ehcache store, read from a checked URI: a heap tier sized in entries, an
 * optional off-heap tier and an optional disk tier in a folder, persistent or not.
 *
 * @param heapEntries the size of the heap tier, in entries
 * @param offheapBytes the size of the off-heap tier, or {@code -1} if there is none
 * @param diskBytes the size of the disk tier, or {@code -1} if there is none
 * @param folder the folder of the disk tier, or {@code null} if there is none
 * @param persistent whether the disk tier survives a close
 */
record StoreLayout(
    long heapEntries, long offheapBytes, long diskBytes, @Nullable Path folder,
    boolean persistent) {

  /** Reads the layout of a URI that passed the provider's check. */
  static StoreLayout of(TierUri uri, TierOptions options) {
    String location = uri.path();
    return new StoreLayout(
        options.get(ENTRIES),
        options.find(OFFHEAP).orElse(-1L),
        options.find(DISK).orElse(-1L),
        location.equals(IN_MEMORY) ? null : Path.of(location).toAbsolutePath().normalize(),
        options.get(PERSISTENT));
  }

  /** Whether values are stored as bytes: in an off-heap or disk tier. */
  boolean storesBytes() {
    return offheapBytes > 0 || diskBytes > 0;
  }

  /** The size of the lowest tier that stores bytes, or -1 for a heap-only store. */
  long authoritativeBytes() {
    return diskBytes > 0 ? diskBytes : offheapBytes;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("heap=").append(heapEntries).append(" entries");
    if (offheapBytes > 0) {
      out.append(", offheap=").append(offheapBytes).append(" bytes");
    }
    if (diskBytes > 0) {
      out.append(", disk=").append(diskBytes).append(" bytes in '").append(folder).append('\'');
      out.append(persistent ? " (persistent)" : " (emptied on close)");
    }
    return out.toString();
  }
}
