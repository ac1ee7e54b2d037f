package io.tiercache.core.internal;

import io.tiercache.spi.TierEvents;
import org.jspecify.annotations.Nullable;

/**
 * Forwards a backend's events to a tier created after the backend: the backend needs its
 * listener when it opens, the tier that counts the events needs the open backend.
 */
public final class EventRelay implements TierEvents {

  private volatile @Nullable TierEvents target;

  /** Creates a relay that drops events until {@link #connect} is called. */
  public EventRelay() {}

  /**
   * Starts forwarding to a listener.
   *
   * @param listener the listener
   */
  public void connect(TierEvents listener) {
    this.target = listener;
  }

  @Override
  public void onEviction(String key) {
    TierEvents listener = target;
    if (listener != null) {
      listener.onEviction(key);
    }
  }

  @Override
  public void onExpiry(String key) {
    TierEvents listener = target;
    if (listener != null) {
      listener.onExpiry(key);
    }
  }

  @Override
  public void onCorruptEntry(String key, String reason) {
    TierEvents listener = target;
    if (listener != null) {
      listener.onCorruptEntry(key, reason);
    }
  }
}
