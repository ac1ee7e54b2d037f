package io.tiercache.bench.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.bench.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo starts and finishes on a tiny input, and its options fail clearly. */
class DemoCommandTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  @Test
  void defaultStackRunsATinyWorkloadPrintsTheTableAndWritesAPng() throws IOException {
    Run run =
        demo("--duration", "1s", "--keys", "200", "--threads", "2", "--db-latency", "1ms",
            "--dir", dir.toString());

    assertThat(run.status).as(run.err).isZero();
    assertThat(run.out)
        .contains("L1  caffeine://?maximumSize=10")
        .contains("ehcache:" + dir.resolve("ehcache").toAbsolutePath().toUri().getRawPath()
            .replaceAll("/$", ""))
        .containsPattern("(?m)^tier +requests +hits +hit ratio +promotions in +p50 +p99 +loads"
            + " avoided$")
        .containsPattern("(?m)^L1-caffeine +[0-9,]+ +[0-9,]+ +[0-9.]+% +[0-9,]+ +.+$")
        .containsPattern("(?m)^L2-ehcache +[0-9,]+ +[0-9,]+ +[0-9.]+% +- +.+$")
        .containsPattern("(?m)^database \\(loader\\) +[0-9,]+ .+$")
        .containsPattern("(?m)^all reads +[0-9,]+ .+\\([0-9.]+%\\)$")
        .contains("Loader-only baseline:");
    Path chart = dir.resolve(DemoCommand.CHART_NAME);
    assertThat(run.out).contains("Chart (hit ratio and p99 latency per tier, each second): "
        + chart.toAbsolutePath());
    assertIsPng(chart);
    assertThat(run.err).contains("done").contains("answered by the cache");
    assertThat(dir.resolve(DemoCommand.STORE_NAME)).as("deleted without --keep").doesNotExist();
  }

  @Test
  void keepLeavesTheEhcacheStoreForTheNextRun() {
    Run kept =
        demo("--duration", "1s", "--keys", "100", "--threads", "1", "--db-latency", "0ms",
            "--dir", dir.toString(), "--keep");

    assertThat(kept.status).as(kept.err).isZero();
    assertThat(kept.out).contains("The Ehcache store is kept in " + dir.resolve("ehcache"));
    assertThat(dir.resolve(DemoCommand.STORE_NAME)).isDirectory();

    Run reopened =
        demo("--duration", "1s", "--keys", "100", "--threads", "1", "--db-latency", "0ms",
            "--dir", dir.toString());

    assertThat(reopened.status).as(reopened.err).isZero();
    assertThat(dir.resolve(DemoCommand.STORE_NAME)).doesNotExist();
  }

  @Test
  void anInProcessStackReplacesTheDefault() throws IOException {
    Path chart = dir.resolve("charts").resolve("in-process.png");

    Run run =
        demo("--duration", "1s", "--keys", "500", "--threads", "2", "--db-latency", "1ms",
            "--tiers", "caffeine://?maximumSize=100 | lru://?maximumSize=1000",
            "--out", chart.toString());

    assertThat(run.status).as(run.err).isZero();
    assertThat(run.out)
        .contains("L2  lru://?maximumSize=1000")
        .containsPattern("(?m)^L1-caffeine +[0-9,]+ .+$")
        .containsPattern("(?m)^L2-lru +[0-9,]+ .+$")
        .contains(chart.toAbsolutePath().toString())
        .doesNotContain("Ehcache store");
    assertIsPng(chart);
  }

  @Test
  void anUnknownOptionNamesTheNearestAndListsTheKnownOnes() {
    Run run = demo("--durration", "1s");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err)
        .contains("unknown option --durration (did you mean --duration?)")
        .doesNotContain("unexpected argument")
        .contains("options: --duration, --threads, --keys, --skew, --writes, --db-latency,"
            + " --tiers, --dir, --out, --seed, --keep, --help")
        .contains("demo --help");
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    Run run =
        demo("--threads", "0", "--writes", "150", "--duration", "5x", "--out", "chart.jpg",
            "--keys");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err)
        .contains("--threads was '0' but must be a whole number from 1 to 1024")
        .contains("--writes was '150' but must be a percentage from 0 to 100")
        .contains("--duration was '5x' but must be <number>(ms|s|m|h|d)")
        .contains("--out was 'chart.jpg' but must be a file name ending in .png")
        .contains("--keys needs a value");
  }

  @Test
  void anInvalidStackIsAUsageErrorNamingTheTier() {
    Run run = demo("--tiers", "caffeine://?maximumSize=10 | nosuch://x", "--dir", dir.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).contains("Invalid tier L2 'nosuch://x'").contains("scheme 'nosuch'");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void keepWithAnotherStackIsRefused() {
    Run run = demo("--tiers", "caffeine://", "--keep");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).contains("--keep keeps the default stack's Ehcache store");
  }

  @Test
  void helpListsTheOptions() {
    Run run = demo("--help");

    assertThat(run.status).isZero();
    assertThat(run.out).contains("--tiers <stack>").contains("--db-latency <d>");
  }

  @Test
  void theBenchListsTheDemo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Main.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo ");
  }

  private static void assertIsPng(Path file) throws IOException {
    assertThat(file).isRegularFile();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isGreaterThan(500);
    assertThat(image.getHeight()).isGreaterThan(500);
  }

  private static Run demo(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new DemoCommand()
            .run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final class Run {
    final int status;
    final String out;
    final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }
}
