package io.tiercache.testing;

import io.tiercache.config.Option;
import io.tiercache.spi.BackendContext;
import io.tiercache.spi.BackendProvider;
import io.tiercache.spi.CacheBackend;
import java.util.List;
import java.util.Set;

/** Registered by ServiceLoader from the test sources; cannot be instantiated, like a bad jar. */
public final class BrokenBackendProvider implements BackendProvider {

  public BrokenBackendProvider() {
    throw new IllegalStateException("this provider's jar is broken");
  }

  @Override
  public Set<String> schemes() {
    return Set.of("broken");
  }

  @Override
  public List<Option<?>> options() {
    return List.of();
  }

  @Override
  public String description() {
    return "never loads";
  }

  @Override
  public <V> CacheBackend<V> create(BackendContext<V> context) {
    throw new UnsupportedOperationException();
  }
}
