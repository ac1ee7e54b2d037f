package io.tiercache.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.spi.BackendProvider;
import io.tiercache.tck.memory.MemoryBackendProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.spi.ToolProvider;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the module half of the registration rule (R28) on real modules, compiled here with the
 * JDK's compiler: a module that provides its backend passes, one that forgets {@code provides}
 * fails naming it, one whose dependency is missing fails naming the dependency, and a provider on
 * the class path only is reported as not applicable.
 */
class ModuleRegistrationTest {

  private static final String PROVIDER = "package %s;\n"
      + "public final class TinyProvider implements io.tiercache.spi.BackendProvider {\n"
      + "  public java.util.Set<String> schemes() { return java.util.Set.of(\"tiny\"); }\n"
      + "  public java.util.List<io.tiercache.config.Option<?>> options() {\n"
      + "    return java.util.List.of();\n"
      + "  }\n"
      + "  public String description() { return \"a tiny tier\"; }\n"
      + "  public <V> io.tiercache.spi.CacheBackend<V> create(\n"
      + "      io.tiercache.spi.BackendContext<V> context) {\n"
      + "    throw new UnsupportedOperationException();\n"
      + "  }\n"
      + "}\n";

  @TempDir static Path work;

  private static Path api;
  private static Path jspecify;

  @BeforeAll
  static void locateApi() {
    api = ModuleRegistration.locationOf(BackendProvider.class);
    jspecify = ModuleRegistration.locationOf(NullMarked.class);
  }

  @Test
  void aModuleThatProvidesItsBackendPasses() throws IOException {
    Path module = compile("com.example.good",
        "module com.example.good {\n  requires io.tiercache.api;\n"
            + "  provides io.tiercache.spi.BackendProvider with com.example.good.TinyProvider;\n}\n",
        List.of());
    Path junk = Files.write(work.resolve("junk.jar"), new byte[] {1, 2, 3});
    Optional<String> notApplicable =
        ModuleRegistration.check(module, "com.example.good.TinyProvider", "tiny",
            List.of(junk, work.resolve("absent.jar"), api, jspecify));
    assertThat(notApplicable).as("why the check would not apply").isEmpty();
  }

  @Test
  void aModuleWithoutProvidesFailsNamingTheDeclarationItNeeds() throws IOException {
    Path module = compile("com.example.forgetful",
        "module com.example.forgetful {\n  requires io.tiercache.api;\n"
            + "  exports com.example.forgetful;\n}\n",
        List.of());
    assertThatThrownBy(() ->
            ModuleRegistration.check(module, "com.example.forgetful.TinyProvider", "tiny",
                List.of(api)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not declare 'provides io.tiercache.spi.BackendProvider with"
            + " com.example.forgetful.TinyProvider'");
  }

  @Test
  void aModuleWhoseDependencyIsMissingFailsNamingIt() throws IOException {
    Path absent = compileModuleInfo("com.example.absent", "module com.example.absent {}\n");
    Path module = compile("com.example.needy",
        "module com.example.needy {\n  requires io.tiercache.api;\n"
            + "  requires com.example.absent;\n"
            + "  provides io.tiercache.spi.BackendProvider with com.example.needy.TinyProvider;\n"
            + "}\n",
        List.of(absent));
    assertThatThrownBy(() ->
            ModuleRegistration.check(module, "com.example.needy.TinyProvider", "tiny",
                List.of(api)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not resolve")
        .hasMessageContaining("com.example.absent");
    assertThat(ModuleRegistration.check(module, "com.example.needy.TinyProvider", "tiny",
            List.of(api, absent)))
        .as("the same module once its dependency is there")
        .isEmpty();
  }

  @Test
  void aProviderOnTheClassPathOnlyIsNotApplicable() {
    Path testClasses = ModuleRegistration.locationOf(MemoryBackendProvider.class);
    Optional<String> notApplicable =
        ModuleRegistration.check(testClasses, MemoryBackendProvider.class.getName(), "memory",
            ModuleRegistration.runtimeSearchPath());
    assertThat(notApplicable).hasValueSatisfying(reason ->
        assertThat(reason).contains("holds no module-info.class", "automatic module"));
  }

  private static Path compile(String module, String moduleInfo, List<Path> modulePath)
      throws IOException {
    Path sources = work.resolve("src-" + module);
    Path packageDir = sources.resolve(module.replace('.', '/'));
    Files.createDirectories(packageDir);
    Files.writeString(sources.resolve("module-info.java"), moduleInfo);
    Files.writeString(packageDir.resolve("TinyProvider.java"), String.format(PROVIDER, module));
    return javac(module, sources, modulePath,
        List.of(sources.resolve("module-info.java"), packageDir.resolve("TinyProvider.java")));
  }

  private static Path compileModuleInfo(String module, String moduleInfo) throws IOException {
    Path sources = work.resolve("src-" + module);
    Files.createDirectories(sources);
    Files.writeString(sources.resolve("module-info.java"), moduleInfo);
    return javac(module, sources, List.of(), List.of(sources.resolve("module-info.java")));
  }

  private static Path javac(String module, Path sources, List<Path> modulePath, List<Path> files) {
    Path out = work.resolve("out-" + module);
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-Xlint:none",
        "--module-path", String.join(java.io.File.pathSeparator, paths(modulePath))));
    files.forEach(f -> args.add(f.toString()));
    ToolProvider javac = ToolProvider.findFirst("javac")
        .orElseThrow(() -> new AssertionError("this JDK has no javac tool"));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream report = new PrintStream(errors, true, StandardCharsets.UTF_8);
    int status = javac.run(report, report, args.toArray(String[]::new));
    assertThat(status).as("javac of %s from %s: %s", module, sources,
        errors.toString(StandardCharsets.UTF_8)).isZero();
    return out;
  }

  private static List<String> paths(List<Path> extra) {
    List<String> all = new ArrayList<>(List.of(api.toString(), jspecify.toString()));
    extra.forEach(p -> all.add(p.toString()));
    return all;
  }
}
