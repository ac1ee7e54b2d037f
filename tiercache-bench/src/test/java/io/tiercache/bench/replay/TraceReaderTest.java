package io.tiercache.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class TraceReaderTest {

  @TempDir Path folder;

  static final long[] KEYS = {7, 3, 7, 4_000_000_000L, 3, 0};

  static void writeText(Path file, boolean gzip) throws IOException {
    String text = "# a comment\n7\n3\r\n\n*\n7\n4000000000\n 3 \n0";
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
        : Files.newOutputStream(file)) {
      out.write(bytes);
    }
  }

  static void writeBinary(Path file, int width, boolean xz) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(raw);
    for (long key : KEYS) {
      if (width == 4) {
        data.writeInt((int) key);
      } else {
        data.writeLong(key);
      }
    }
    try (OutputStream out = xz
        ? new XZOutputStream(Files.newOutputStream(file), new LZMA2Options())
        : Files.newOutputStream(file)) {
      out.write(raw.toByteArray());
    }
  }

  private static void assertKeys(Trace trace) {
    assertThat(trace.length()).isEqualTo(KEYS.length);
    assertThat(trace.distinctKeys()).isEqualTo(4);
    for (int i = 0; i < KEYS.length; i++) {
      assertThat(trace.key(trace.request(i))).isEqualTo(Long.toString(KEYS[i]));
    }
  }

  @Test
  void readsGzipAndPlainTextSkippingCommentsBlanksAndPhaseMarks() throws IOException {
    Path gz = folder.resolve("keys.trace.gz");
    writeText(gz, true);
    Trace trace = TraceReader.read(gz, null);
    assertKeys(trace);
    assertThat(trace.name()).isEqualTo("keys");
    Path plain = folder.resolve("keys.txt");
    writeText(plain, false);
    assertKeys(TraceReader.read(plain, TraceFormat.TEXT));
  }

  @Test
  void readsBigEndianIntegersPlainOrXz() throws IOException {
    Path int32 = folder.resolve("keys32.trace.xz");
    writeBinary(int32, 4, true);
    assertKeys(TraceReader.read(int32, null));
    Path plain32 = folder.resolve("keys32.bin");
    writeBinary(plain32, 4, false);
    assertKeys(TraceReader.read(plain32, TraceFormat.INT32));
    Path int64 = folder.resolve("keys64.trace.xz");
    writeBinary(int64, 8, true);
    assertKeys(TraceReader.read(int64, TraceFormat.INT64));
  }

  @Test
  void malformedFilesAreReportedWithWhereAndWhat() throws IOException {
    Path text = folder.resolve("bad.txt");
    Files.writeString(text, "1\n2\nx3\n");
    assertThatThrownBy(() -> TraceReader.read(text, TraceFormat.TEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("'x'");
    Path odd = folder.resolve("odd.bin");
    Files.write(odd, new byte[] {0, 0, 0, 1, 0, 0});
    assertThatThrownBy(() -> TraceReader.read(odd, TraceFormat.INT32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of 4 bytes");
    assertThatThrownBy(() -> TraceFormat.parse("csv"))
        .hasMessage("format was 'csv' but must be text, int32 or int64");
  }

  @Test
  void zipfStreamsAreSkewedAndReproducible() {
    ZipfStream zipf = ZipfStream.parse("skew=1.0,keys=1000,length=20000,seed=5");
    Trace first = zipf.generate();
    Trace again = zipf.generate();
    assertThat(first.length()).isEqualTo(20_000);
    for (int i = 0; i < first.length(); i++) {
      assertThat(first.key(first.request(i))).isEqualTo(again.key(again.request(i)));
    }
    int top = 0;
    for (int i = 0; i < first.length(); i++) {
      if (first.key(first.request(i)).equals("0")) {
        top++;
      }
    }
    // Rank 1 of 1000 at skew 1 has probability 1 / H(1000), about 13%.
    assertThat(top).isBetween(2_200, 3_000);
    assertThatThrownBy(() -> ZipfStream.parse("skew=1,keys=10"))
        .hasMessageContaining("needs skew, keys and length");
    assertThatThrownBy(() -> ZipfStream.parse("skew=1,keys=10,length=5,color=red"))
        .hasMessageContaining("'color' is not a zipf parameter");
  }
}
