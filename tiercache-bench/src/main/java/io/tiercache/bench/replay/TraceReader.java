package io.tiercache.bench.replay;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.XZInputStream;

/**
 * Reads trace files: gzip-compressed, xz-compressed or plain, holding keys as text (one integer a
 * line) or as big-endian 32-bit or 64-bit integers. The compression is told from the file's magic
 * bytes; the format, unless given, from its first 256 decompressed bytes: printable ASCII and
 * line breaks only mean text, anything else 32-bit integers (64-bit ones must be asked for, as
 * they cannot be told from 32-bit ones by looking).
 */
public final class TraceReader {

  private static final int SNIFF = 256;

  private TraceReader() {}

  /**
   * Reads a whole trace into memory.
   *
   * @param path the file
   * @param format the format, or {@code null} to guess it as the class description says
   * @return the trace, named after the file without its extensions
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if a text line is not an integer, or a binary file's length
   *     is not a multiple of the integer size
   */
  public static Trace read(Path path, @Nullable TraceFormat format) {
    try (InputStream in = new BufferedInputStream(decompressed(path), 1 << 16)) {
      in.mark(SNIFF);
      byte[] head = in.readNBytes(SNIFF);
      in.reset();
      TraceFormat chosen = format != null ? format : looksLikeText(head) ? TraceFormat.TEXT
          : TraceFormat.INT32;
      KeyNumbering numbering = new KeyNumbering();
      switch (chosen) {
        case TEXT:
          readText(in, numbering, path);
          break;
        case INT32:
          readBinary(in, numbering, 4, path);
          break;
        default:
          readBinary(in, numbering, 8, path);
          break;
      }
      return numbering.toTrace(nameOf(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + path + ": " + e.getMessage(), e);
    }
  }

  /** Returns the file name without {@code .gz}, {@code .xz} and {@code .trace}. */
  static String nameOf(Path path) {
    Path file = path.getFileName();
    String name = file == null ? path.toString() : file.toString();
    for (String suffix : new String[] {".gz", ".xz", ".bin", ".txt", ".trace"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  private static InputStream decompressed(Path path) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    raw.mark(8);
    byte[] magic = raw.readNBytes(6);
    raw.reset();
    if (magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
      return new GZIPInputStream(raw, 1 << 16);
    }
    if (magic.length == 6 && (magic[0] & 0xFF) == 0xFD && magic[1] == '7' && magic[2] == 'z'
        && magic[3] == 'X' && magic[4] == 'Z' && magic[5] == 0) {
      return new XZInputStream(raw);
    }
    return raw;
  }

  private static boolean looksLikeText(byte[] head) {
    for (byte b : head) {
      boolean printable = (b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t';
      if (!printable) {
        return false;
      }
    }
    return true;
  }

  private static void readText(InputStream in, KeyNumbering numbering, Path path)
      throws IOException {
    // A hand-rolled line parser: a BufferedReader and Long.parseLong per line cost more than the
    // replay of the line itself.
    long value = 0;
    boolean negative = false;
    boolean digits = false;
    boolean comment = false;
    long line = 1;
    byte[] buffer = new byte[1 << 16];
    int read;
    while ((read = in.read(buffer)) > 0) {
      for (int i = 0; i < read; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          if (digits) {
            numbering.add(negative ? -value : value);
          }
          value = 0;
          negative = false;
          digits = false;
          comment = false;
          line++;
        } else if (comment || b == '\r' || b == ' ' || b == '\t') {
          continue;
        } else if (b >= '0' && b <= '9') {
          value = value * 10 + (b - '0');
          digits = true;
        } else if (b == '-' && !digits && !negative) {
          negative = true;
        } else if ((b == '#' || b == '*') && !digits && !negative) {
          // '#' starts a comment; a '*' line marks a phase boundary in the LIRS traces.
          comment = true;
        } else {
          throw new IllegalArgumentException(
              "trace " + path + ", line " + line + ": expected an integer key, found '"
                  + (char) (b & 0xFF) + "'");
        }
      }
    }
    if (digits) {
      numbering.add(negative ? -value : value);
    }
  }

  private static void readBinary(InputStream in, KeyNumbering numbering, int width, Path path)
      throws IOException {
    DataInputStream data = new DataInputStream(in);
    long count = 0;
    while (true) {
      int first = data.read();
      if (first < 0) {
        return;
      }
      try {
        if (width == 4) {
          long rest = ((long) data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8)
              | data.readUnsignedByte();
          numbering.add(((long) first << 24) | rest);
        } else {
          long high = ((long) first << 56) | ((long) data.readUnsignedByte() << 48)
              | ((long) data.readUnsignedByte() << 40) | ((long) data.readUnsignedByte() << 32);
          numbering.add(high | (data.readInt() & 0xFFFFFFFFL));
        }
      } catch (EOFException e) {
        throw new IllegalArgumentException(
            "trace " + path + " ends inside key " + (count + 1) + ": its length is not a"
                + " multiple of " + width + " bytes (is it " + (width == 4 ? "int64" : "int32")
                + "?)",
            e);
      }
      count++;
    }
  }
}
