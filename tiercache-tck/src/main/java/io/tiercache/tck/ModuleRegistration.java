package io.tiercache.tck;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Proves that a backend provider is registered for the module path: its module declares {@code
 * provides io.tiercache.spi.BackendProvider with <provider>}, and that module, resolved in a fresh
 * {@link ModuleLayer} from the modules found on a search path, really serves the provider through
 * {@link ServiceLoader}.
 *
 * <p>Only the provider's module and what it requires (transitively, without {@code requires
 * static}) are put in the layer, so unrelated jars of a test class path (test frameworks, build
 * tool jars with invalid automatic module names or split packages) cannot get in the way. Search
 * path entries that are not modules are ignored.
 */
final class ModuleRegistration {

  static final String SERVICE = "io.tiercache.spi.BackendProvider";
  static final String API_MODULE = "io.tiercache.api";

  private ModuleRegistration() {}

  /**
   * Returns the entries of the running JVM's class path and module path, where a provider's
   * dependencies are to be found.
   */
  static List<Path> runtimeSearchPath() {
    List<Path> entries = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property);
      if (value == null || value.isBlank()) {
        continue;
      }
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(Path.of(entry));
        }
      }
    }
    return entries;
  }

  /**
   * Returns where a class was loaded from.
   *
   * @throws AssertionError if the class has no code source
   */
  static Path locationOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new AssertionError(
          type.getName() + " has no code source, so its module descriptor cannot be read");
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new AssertionError(
          "the code source of " + type.getName() + " is not a file: " + source.getLocation(), e);
    }
  }

  /**
   * Checks the module registration of a provider.
   *
   * @param location the directory or jar the provider class was loaded from
   * @param providerClass the provider's class name
   * @param scheme a scheme the provider must serve
   * @param searchPath where the modules the provider's module requires are found
   * @return why the check does not apply (the location is not an explicit module), or empty if
   *     the check passed
   * @throws AssertionError naming what is wrong, if the registration is missing or broken
   */
  static Optional<String> check(
      Path location, String providerClass, String scheme, Collection<Path> searchPath) {
    Optional<ModuleReference> found = explicitModuleAt(location);
    if (found.isEmpty()) {
      return Optional.of(
          location + " (the code source of " + providerClass + ") holds no module-info.class:"
              + " the provider is not in an explicit module, so it has no module-info to check"
              + " (on the module path it would be an automatic module, whose"
              + " META-INF/services entries serve as its provides)");
    }
    ModuleReference provider = found.get();
    ModuleDescriptor descriptor = provider.descriptor();
    checkProvides(descriptor, providerClass);
    ModuleLayer layer = layerOf(provider, searchPath);
    checkServiceLoader(layer, descriptor.name(), providerClass, scheme);
    return Optional.empty();
  }

  private static Optional<ModuleReference> explicitModuleAt(Path location) {
    if (Files.isDirectory(location) && !Files.isRegularFile(location.resolve("module-info.class"))) {
      // A directory without a descriptor would be read as a directory of modules: it is none.
      return Optional.empty();
    }
    Set<ModuleReference> references;
    try {
      references = ModuleFinder.of(location).findAll();
    } catch (FindException e) {
      throw new AssertionError(
          location + " is not a valid module: " + e.getMessage()
              + (e.getCause() == null ? "" : " (" + e.getCause() + ")"),
          e);
    }
    if (references.size() != 1) {
      return Optional.empty();
    }
    ModuleReference reference = references.iterator().next();
    return reference.descriptor().isAutomatic() ? Optional.empty() : Optional.of(reference);
  }

  private static void checkProvides(ModuleDescriptor descriptor, String providerClass) {
    boolean declared =
        descriptor.provides().stream()
            .anyMatch(p -> p.service().equals(SERVICE) && p.providers().contains(providerClass));
    if (!declared) {
      String provides =
          descriptor.provides().isEmpty()
              ? "none"
              : descriptor.provides().stream()
                  .map(p -> p.service() + " with " + String.join(", ", p.providers()))
                  .sorted()
                  .collect(Collectors.joining("; "));
      throw new AssertionError(
          "module " + descriptor.name() + " does not declare 'provides " + SERVICE + " with "
              + providerClass + "' in its module-info, so on the module path ServiceLoader will"
              + " not find the provider; its provides: " + provides);
    }
  }

  private static ModuleLayer layerOf(ModuleReference provider, Collection<Path> searchPath) {
    String root = provider.descriptor().name();
    Map<String, ModuleReference> available = new LinkedHashMap<>();
    available.put(root, provider);
    for (Path entry : searchPath) {
      for (ModuleReference reference : modulesAt(entry)) {
        available.putIfAbsent(reference.descriptor().name(), reference);
      }
    }
    Map<String, ModuleReference> needed = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>(List.of(root));
    ModuleFinder system = ModuleFinder.ofSystem();
    while (!pending.isEmpty()) {
      String name = pending.pop();
      ModuleReference reference = available.get(name);
      if (needed.containsKey(name) || reference == null) {
        // Not on the search path: a system module, or missing (resolution reports it).
        continue;
      }
      needed.put(name, reference);
      for (ModuleDescriptor.Requires requires : reference.descriptor().requires()) {
        if (!requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
            && system.find(requires.name()).isEmpty()) {
          pending.push(requires.name());
        }
      }
    }
    ModuleFinder finder = new ReferencesFinder(needed);
    try {
      Configuration configuration =
          Configuration.resolve(
              finder, List.of(ModuleLayer.boot().configuration()), system, Set.of(root));
      return ModuleLayer.defineModulesWithOneLoader(
              configuration, List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader())
          .layer();
    } catch (ResolutionException | FindException | LayerInstantiationException e) {
      throw new AssertionError(
          "module " + root + " does not resolve on a module path made of the class path: "
              + e.getMessage() + "; modules found: " + String.join(", ", needed.keySet()),
          e);
    }
  }

  private static Set<ModuleReference> modulesAt(Path entry) {
    if (!Files.exists(entry)) {
      return Set.of();
    }
    if (Files.isDirectory(entry) && !Files.isRegularFile(entry.resolve("module-info.class"))) {
      return Set.of();
    }
    if (Files.isRegularFile(entry) && !entry.getFileName().toString().endsWith(".jar")) {
      return Set.of();
    }
    try {
      return ModuleFinder.of(entry).findAll();
    } catch (FindException e) {
      // Not a valid module (a jar whose file name makes no module name, a damaged jar): skip it.
      return Set.of();
    }
  }

  private static void checkServiceLoader(
      ModuleLayer layer, String module, String providerClass, String scheme) {
    Class<?> service;
    try {
      service = layer.findLoader(module).loadClass(SERVICE);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          "module " + module + " cannot see " + SERVICE + "; does it require " + API_MODULE
              + "?",
          e);
    }
    List<Object> providers = providersIn(layer, service, providerClass);
    if (providers.isEmpty()) {
      throw new AssertionError(
          "ServiceLoader.load(layer, BackendProvider.class) did not return " + providerClass
              + " from module " + module + " resolved in a fresh module layer");
    }
    Object schemes;
    try {
      schemes = service.getMethod("schemes").invoke(providers.get(0));
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          providerClass + ".schemes() failed when loaded as a module: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call schemes() of " + providerClass + ": " + e, e);
    }
    if (!(schemes instanceof Set<?>) || !((Set<?>) schemes).contains(scheme)) {
      throw new AssertionError(
          providerClass + " loaded as a module serves " + schemes + ", not '" + scheme + "'");
    }
  }

  private static <S> List<Object> providersIn(
      ModuleLayer layer, Class<S> service, String providerClass) {
    List<Object> found = new ArrayList<>();
    try {
      ServiceLoader.load(layer, service).stream()
          .filter(p -> p.type().getName().equals(providerClass))
          .filter(p -> p.type().getModule().getLayer() == layer)
          .forEach(p -> found.add(p.get()));
    } catch (java.util.ServiceConfigurationError e) {
      throw new AssertionError(
          "ServiceLoader failed to load " + providerClass + " from its module: " + e.getMessage(),
          e);
    }
    return found;
  }

  /** A finder over a fixed set of module references. */
  private static final class ReferencesFinder implements ModuleFinder {
    private final Map<String, ModuleReference> references;

    ReferencesFinder(Map<String, ModuleReference> references) {
      this.references = Map.copyOf(references);
    }

    @Override
    public Optional<ModuleReference> find(String name) {
      return Optional.ofNullable(references.get(name));
    }

    @Override
    public Set<ModuleReference> findAll() {
      return Set.copyOf(references.values());
    }
  }
}
