package io.tiercache.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.bench.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} starts and finishes on tiny inputs of every kind. */
class ReplaySmokeTest {

  @TempDir Path folder;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int replay(String... args) {
    List<String> all = new ArrayList<>(List.of("replay"));
    all.addAll(List.of(args));
    return Main.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aZipfStreamThroughTheWholeMatrix() {
    int status = replay("--zipf", "skew=0.9,keys=500,length=5000", "--l1-size", "10%");
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String report = output();
    assertThat(report)
        .contains("#### zipf(skew=0.9,keys=500,length=5000,seed=1): 5,000 requests")
        .contains("480 distinct keys, L1 = 48 entries (10% of the distinct keys)")
        .contains("Belady OPT")
        .contains("| caffeine | write-through | always |")
        .contains("| lru | write-around | hit-rate:2/4xL1 (hit-rate:2/192r) |")
        .contains("**default** (ended on ")
        .contains("#### Default against the best fixed rule");
    // 2 L1 tiers x 2 write policies x 7 rules.
    assertThat(report.lines().filter(line -> line.startsWith("| lru |")
        || line.startsWith("| caffeine |"))).hasSize(28);
  }

  @Test
  void traceFilesInEveryFormatWithAnAbsoluteSize() throws IOException {
    Path gz = folder.resolve("text.trace.gz");
    TraceReaderTest.writeText(gz, true);
    Path xz = folder.resolve("int32.trace.xz");
    TraceReaderTest.writeBinary(xz, 4, true);
    Path plain = folder.resolve("int32.bin");
    TraceReaderTest.writeBinary(plain, 4, false);
    Path report = folder.resolve("report.md");
    int status =
        replay("--trace", gz.toString(), "--trace", xz.toString(), "--trace", plain.toString(),
            "--l1-size", "2", "--l1", "lru", "--write", "write-through",
            "--promote", "always,default", "--out", report.toString(), "--footprint", "1000");
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(output())
        .contains("#### text: 6 requests, 4 distinct keys, L1 = 2 entries")
        .contains("#### int32: 6 requests")
        .contains("| lru | write-through | always |")
        .contains("Promoter footprint of the default after 1,000 distinct keys");
    assertThat(Files.readString(report)).isEqualTo(output());

    Path int64 = folder.resolve("int64.trace.xz");
    TraceReaderTest.writeBinary(int64, 8, true);
    out.reset();
    assertThat(replay("--trace", int64.toString(), "--format", "int64", "--l1", "lru",
        "--promote", "default", "--no-references")).isZero();
    assertThat(output()).contains("#### int64: 6 requests").doesNotContain("Belady");
  }

  @Test
  void badArgumentsAreAllReportedWithTheUsage() {
    int status = replay("--l1-size", "0%", "--write", "write-back", "--runs", "x");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--l1-size was '0%'")
        .contains("--write was 'write-back' but must be write-through or write-around")
        .contains("--runs was 'x'")
        .contains("give at least one --trace or a --zipf stream")
        .contains("usage: replay");
    assertThat(replay("--help")).isZero();
  }
}
