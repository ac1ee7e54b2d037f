package io.tiercache.backend.hazelcast;

import io.tiercache.spi.Invalidation;
import io.tiercache.spi.InvalidationListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a bus delivers, in order: messages, and "lost" / "returned" for the connection. */
final class RecordingListener implements InvalidationListener {

  private final List<Object> events = new CopyOnWriteArrayList<>();

  @Override
  public void onInvalidation(Invalidation message) {
    events.add(message);
  }

  @Override
  public void onConnectionLost() {
    events.add("lost");
  }

  @Override
  public void onReconnected() {
    events.add("returned");
  }

  /** Everything delivered, oldest first. */
  List<Object> events() {
    return List.copyOf(events);
  }

  /** The messages delivered, oldest first. */
  List<Invalidation> messages() {
    return events.stream()
        .filter(Invalidation.class::isInstance)
        .map(Invalidation.class::cast)
        .collect(java.util.stream.Collectors.toList());
  }

  long losses() {
    return events.stream().filter("lost"::equals).count();
  }

  long returns() {
    return events.stream().filter("returned"::equals).count();
  }
}
