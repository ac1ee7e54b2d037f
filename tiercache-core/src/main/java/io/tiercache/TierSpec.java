package io.tiercache;

import io.tiercache.config.TierOptions;
import io.tiercache.config.TierUri;
import io.tiercache.spi.BackendProvider;
import java.util.Objects;

/**
 * A tier that passed every check and can be opened: its URI, its typed options, the provider
 * that serves its scheme and its name. Made by {@link BackendRegistry#check}.
 *
 * @param level the tier's position in its stack, 1 for L1
 * @param name the tier's name: its {@code name} parameter, else {@code L<level>-<scheme>}
 * @param uri the tier's URI
 * @param options the tier's options, common ones included
 * @param provider the provider that serves its scheme
 */
public record TierSpec(
    int level, String name, TierUri uri, TierOptions options, BackendProvider provider) {

  /**
   * Checks the components.
   *
   * @param level the tier's position, from 1
   * @param name the tier's name
   * @param uri the URI
   * @param options the options
   * @param provider the provider
   * @throws IllegalArgumentException if {@code level} is below 1
   */
  public TierSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(provider, "provider");
    if (level < 1) {
      throw new IllegalArgumentException("level was " + level + " but must be 1 or more");
    }
  }

  @Override
  public String toString() {
    return name + " " + uri.redacted();
  }
}
