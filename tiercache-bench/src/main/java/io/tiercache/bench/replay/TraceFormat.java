package io.tiercache.bench.replay;

import java.util.Locale;

/**
 * How the keys of a trace file are written, once decompressed. Compression (gzip, xz or none) is
 * told from the file's first bytes, independently of the format.
 */
public enum TraceFormat {
  /**
   * Text, one decimal integer key per line; blank lines, lines starting with {@code #} and the
   * {@code *} lines of the LIRS traces (phase marks) are skipped.
   */
  TEXT,
  /** Big-endian 32-bit integers, read as unsigned, one key each. */
  INT32,
  /** Big-endian 64-bit integers, one key each. */
  INT64;

  /**
   * Parses a format's name as written on the command line: {@code text}, {@code int32} or
   * {@code int64}.
   *
   * @param name the name, any case
   * @return the format
   * @throws IllegalArgumentException naming the accepted names if none matches
   */
  public static TraceFormat parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "text":
        return TEXT;
      case "int32":
        return INT32;
      case "int64":
        return INT64;
      default:
        throw new IllegalArgumentException(
            "format was '" + name + "' but must be text, int32 or int64");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
