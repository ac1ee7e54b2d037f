package io.tiercache.backend.ehcache;

import io.tiercache.spi.TierEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a tier reports, in order. */
final class RecordingEvents implements TierEvents {

  final List<String> evictions = new CopyOnWriteArrayList<>();
  final List<String> expiries = new CopyOnWriteArrayList<>();
  final List<String> corrupt = new CopyOnWriteArrayList<>();

  @Override
  public void onEviction(String key) {
    evictions.add(key);
  }

  @Override
  public void onExpiry(String key) {
    expiries.add(key);
  }

  @Override
  public void onCorruptEntry(String key, String reason) {
    corrupt.add(key + ": " + reason);
  }
}
