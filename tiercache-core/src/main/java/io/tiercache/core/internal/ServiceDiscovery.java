package io.tiercache.core.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads every provider of a service, catching the failures of broken ones so that one bad jar
 * does not hide the good providers: the failures are kept and reported by whoever needs them.
 *
 * @param <S> the service type
 */
public final class ServiceDiscovery<S> {

  /** Bounds the loop if a broken iterator keeps failing at the same place. */
  private static final int MAX_FAILURES = 1_000;

  private final List<S> providers;
  private final List<String> failures;

  private ServiceDiscovery(List<S> providers, List<String> failures) {
    this.providers = List.copyOf(providers);
    this.failures = List.copyOf(failures);
  }

  /**
   * Loads the providers of a service visible to a class loader.
   *
   * @param service the service interface
   * @param loader the class loader to search
   * @param <S> the service type
   * @return the providers that loaded, and a description of each that failed
   */
  public static <S> ServiceDiscovery<S> load(Class<S> service, ClassLoader loader) {
    List<S> providers = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Iterator<S> iterator = ServiceLoader.load(service, loader).iterator();
    while (failures.size() < MAX_FAILURES) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        providers.add(iterator.next());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        failures.add(describe(e));
      }
    }
    return new ServiceDiscovery<>(providers, failures);
  }

  /**
   * Describes a failure in one line: its type and message, and its root cause.
   *
   * @param failure the failure
   * @return the description
   */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    if (root != failure) {
      text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return text;
  }

  /**
   * Returns the providers that loaded, in discovery order.
   *
   * @return the providers
   */
  public List<S> providers() {
    return providers;
  }

  /**
   * Returns one line per provider that failed to load.
   *
   * @return the failures
   */
  public List<String> failures() {
    return failures;
  }
}
