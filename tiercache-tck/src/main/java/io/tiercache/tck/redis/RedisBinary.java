package io.tiercache.tck.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} executable the fixtures can start: the one on the {@code PATH}, or the
 * one bundled in {@code com.github.codemonstur:embedded-redis} (Redis 6.2), found as a class-path
 * resource, extracted to a temporary file and made executable. That library is an optional
 * dependency of the TCK: add it to your test class path to have a server where none is installed.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class RedisBinary {

  private static final Pattern VERSION = Pattern.compile("v=([0-9]+)\\.([0-9]+)\\.([0-9]+)");

  private static final Object EXTRACT_LOCK = new Object();
  private static @Nullable RedisBinary extracted;

  private final Path path;
  private final RedisServer.Source source;
  private final String version;
  private final int major;
  private final int minor;

  private RedisBinary(Path path, RedisServer.Source source) {
    this.path = path;
    this.source = source;
    String output = run(path, "--version");
    Matcher matcher = VERSION.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException(
          path + " --version did not print a Redis version: '" + output.strip() + "'");
    }
    this.version = matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3);
    this.major = Integer.parseInt(matcher.group(1));
    this.minor = Integer.parseInt(matcher.group(2));
  }

  /**
   * The system property that chooses the binary {@link #find()} returns: {@code path} for
   * {@code redis-server} on the {@code PATH} only, {@code embedded} for the bundled binary only;
   * unset, the first of the two that exists.
   */
  public static final String SOURCE_PROPERTY = "tiercache.redis.source";

  /**
   * Finds a binary: {@code redis-server} on the {@code PATH}, else the bundled one; or the one
   * the system property {@value #SOURCE_PROPERTY} names.
   *
   * @return the binary
   * @throws IllegalStateException if there is none, saying how to get one
   */
  public static RedisBinary find() {
    String forced = System.getProperty(SOURCE_PROPERTY, "").strip().toLowerCase(Locale.ROOT);
    if (forced.equals("embedded")) {
      return embedded().orElseThrow(() -> new IllegalStateException(
          SOURCE_PROPERTY + "=embedded, but there is no bundled binary for " + platform()
              + " on the class path: add com.github.codemonstur:embedded-redis"));
    }
    if (forced.equals("path")) {
      return onPath().orElseThrow(() -> new IllegalStateException(
          SOURCE_PROPERTY + "=path, but there is no redis-server on the PATH ("
              + System.getenv("PATH") + ")"));
    }
    if (!forced.isEmpty()) {
      throw new IllegalStateException(
          SOURCE_PROPERTY + " was '" + forced + "' but must be 'path' or 'embedded'");
    }
    Optional<RedisBinary> found = onPath();
    if (found.isPresent()) {
      return found.get();
    }
    found = embedded();
    if (found.isPresent()) {
      return found.get();
    }
    throw new IllegalStateException(
        "no redis-server found: none on the PATH (" + System.getenv("PATH") + ") and no bundled"
            + " binary for " + platform() + " on the class path. Install Redis (apt-get install"
            + " redis-server), add com.github.codemonstur:embedded-redis to the test class path,"
            + " or set " + RedisServer.EXTERNAL_URI_VARIABLE + " to an external server");
  }

  /**
   * Finds {@code redis-server} on the {@code PATH}.
   *
   * @return the binary, if there is one
   */
  public static Optional<RedisBinary> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isBlank()) {
        continue;
      }
      Path candidate = Paths.get(folder, windows ? "redis-server.exe" : "redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(new RedisBinary(candidate, RedisServer.Source.PATH));
      }
    }
    return Optional.empty();
  }

  /**
   * Extracts the binary bundled in {@code embedded-redis} for this platform, once per JVM.
   *
   * @return the binary, if the library is on the class path and has one for this platform
   * @throws UncheckedIOException if it cannot be extracted
   */
  public static Optional<RedisBinary> embedded() {
    synchronized (EXTRACT_LOCK) {
      if (extracted != null) {
        return Optional.of(extracted);
      }
      String resource = bundledResource();
      if (resource == null) {
        return Optional.empty();
      }
      ClassLoader loader = RedisBinary.class.getClassLoader();
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          return Optional.empty();
        }
        Path file = Files.createTempFile("tiercache-" + resource.replace('/', '-'), "");
        file.toFile().deleteOnExit();
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        if (!file.toFile().setExecutable(true, true)) {
          throw new IOException("cannot make " + file + " executable");
        }
        extracted = new RedisBinary(file, RedisServer.Source.EMBEDDED);
        return Optional.of(extracted);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract the bundled " + resource + ": " + e, e);
      }
    }
  }

  /**
   * Returns the executable.
   *
   * @return its path
   */
  public Path path() {
    return path;
  }

  /**
   * Returns where the binary was found.
   *
   * @return {@link RedisServer.Source#PATH} or {@link RedisServer.Source#EMBEDDED}
   */
  public RedisServer.Source source() {
    return source;
  }

  /**
   * Returns the Redis version, as {@code redis-server --version} prints it.
   *
   * @return the version, such as {@code 7.0.15}
   */
  public String version() {
    return version;
  }

  /**
   * Tells whether the version is at least the given one.
   *
   * @param wantedMajor the major version
   * @param wantedMinor the minor version
   * @return {@code true} if this binary is that version or newer
   */
  public boolean atLeast(int wantedMajor, int wantedMinor) {
    return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
  }

  @Override
  public String toString() {
    return "redis-server " + version + " (" + source + ": " + path + ")";
  }

  // ---------------------------------------------------------------------------------------------

  private static String platform() {
    return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
  }

  /** The bundled binary for this platform: a known name, else one found in the library's jar. */
  private static @Nullable String bundledResource() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String suffix;
    if (os.contains("linux")) {
      suffix = arch.equals("amd64") || arch.equals("x86_64") ? "linux-amd64"
          : arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64"
          : arch.equals("x86") || arch.equals("i386") ? "linux-386" : null;
    } else if (os.contains("mac")) {
      suffix = arch.equals("aarch64") || arch.equals("arm64") ? "darwin-arm64" : "darwin-amd64";
    } else if (os.contains("win")) {
      suffix = "windows-amd64.exe";
    } else {
      suffix = null;
    }
    if (suffix == null) {
      return null;
    }
    ClassLoader loader = RedisBinary.class.getClassLoader();
    for (String known : List.of("redis-server-6.2.6-v5-" + suffix, "redis-server-6.2.7-" + suffix,
        "redis-server-5.0.14.1-" + suffix)) {
      if (loader.getResource(known) != null) {
        return known;
      }
    }
    // Another release of the library: look for redis-server-*-<suffix> in its jar.
    URL marker = loader.getResource("redis/embedded/RedisServer.class");
    if (marker == null || !"jar".equals(marker.getProtocol())) {
      return null;
    }
    String location = marker.getPath();
    int bang = location.indexOf("!/");
    if (bang < 0) {
      return null;
    }
    try (JarFile jar = new JarFile(Paths.get(new URL(location.substring(0, bang)).toURI())
        .toFile())) {
      List<String> names = new ArrayList<>();
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        if (name.startsWith("redis-server-") && name.endsWith(suffix)) {
          names.add(name);
        }
      }
      names.sort(null);
      return names.isEmpty() ? null : names.get(names.size() - 1);
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static String run(Path binary, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + binary, e);
    }
  }
}
