package io.tiercache.tck;

import io.tiercache.spi.TierEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers the corrupt entries a backend reports, so that the corrupt-bytes rule can see them. */
final class RecordingEvents implements TierEvents {

  /** One {@link TierEvents#onCorruptEntry} call. */
  record CorruptEntry(String key, String reason) {}

  private final List<CorruptEntry> corrupt = new CopyOnWriteArrayList<>();

  @Override
  public void onCorruptEntry(String key, String reason) {
    corrupt.add(new CorruptEntry(key, reason));
  }

  /** Returns the corrupt entries reported so far, oldest first. */
  List<CorruptEntry> corruptEntries() {
    return List.copyOf(corrupt);
  }
}
