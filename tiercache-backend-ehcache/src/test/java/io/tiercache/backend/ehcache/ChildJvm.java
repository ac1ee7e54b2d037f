package io.tiercache.backend.ehcache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started by a test with this JVM's {@code java} and class path, running
 * {@link DiskStoreHolder}. Its standard output is read line by line on a thread of its own; its
 * standard error goes to a file, shown when a wait fails.
 */
final class ChildJvm implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The child died: its output ends here.
              }
              lines.add("<end of output>");
            },
            "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@link DiskStoreHolder} with the given arguments. */
  static ChildJvm start(Path logs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx256m");
    command.add(DiskStoreHolder.class.getName());
    command.addAll(List.of(args));
    Path stderr = logs.resolve("child-" + System.nanoTime() + ".err");
    Process process =
        new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(process, stderr);
  }

  /** Waits, with a deadline, for a line of output that matches; returns it. */
  String await(Predicate<String> wanted, String what) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line.equals("<end of output>")) {
        throw new AssertionError(
            "the child never printed " + what + (line == null ? " in " + DEADLINE : "")
                + "; its last lines: " + tail() + "; its standard error:\n"
                + java.nio.file.Files.readString(stderr));
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Waits until the child has reported write {@code n} (or a later one). */
  void awaitWrite(int n) throws IOException, InterruptedException {
    await(
        line -> line.startsWith("WROTE ") && Integer.parseInt(line.substring(6)) >= n,
        "WROTE " + n);
  }

  /** Sends a line to the child's standard input. */
  void tell(String line) throws IOException {
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write(line + "\n");
    in.flush();
  }

  /** Kills the child with SIGKILL ({@code kill -9}) and returns its exit code. */
  int kill9() throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
      process.destroyForcibly(); // also SIGKILL on Unix
    }
    return exitCode();
  }

  /** Waits, with a deadline, for the child to exit and returns its exit code. */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the child did not exit in " + DEADLINE);
    }
    return process.exitValue();
  }

  private String tail() {
    return seen.subList(Math.max(0, seen.size() - 5), seen.size()).toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
