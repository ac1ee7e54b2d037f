package io.tiercache.bench.workload;

import java.util.Locale;
import java.util.Map;

/**
 * What one workload measured for one contender, printed as one line of JSON.
 *
 * @param contender the contender's name
 * @param workload what ran
 * @param ops operations completed while measuring
 * @param seconds how long the measurement ran
 * @param p50Micros median latency of an operation, in microseconds
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros the slowest operation
 * @param redisCommandsPerOp commands the Redis server processed per operation (all clients)
 * @param loads loads from the simulated database while measuring
 * @param wrongValues reads (checked one in 64) that returned another value than the key's
 * @param stats the library's own statistics, or empty
 */
public record Result(
    String contender,
    Workload workload,
    long ops,
    double seconds,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double redisCommandsPerOp,
    long loads,
    long wrongValues,
    String stats) {

  /**
   * Returns the throughput.
   *
   * @return operations per second
   */
  public double opsPerSecond() {
    return seconds > 0 ? ops / seconds : 0;
  }

  /**
   * Formats the result as one line of JSON.
   *
   * @return the line, without a line break
   */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"contender\":%s,\"readPercent\":%d,\"threads\":%d,\"ops\":%d,\"seconds\":%.3f,"
            + "\"opsPerSec\":%.1f,\"p50Us\":%.2f,\"p99Us\":%.2f,\"p999Us\":%.2f,\"maxUs\":%.2f,"
            + "\"redisCommandsPerOp\":%.4f,\"loads\":%d,\"wrongValues\":%d,\"stats\":%s}",
        quote(contender), workload.readPercent(), workload.threads(), ops, seconds,
        opsPerSecond(), p50Micros, p99Micros, p999Micros, maxMicros, redisCommandsPerOp, loads,
        wrongValues, quote(stats));
  }

  /**
   * Reads a line written by {@link #toJson()}.
   *
   * @param line the line
   * @return the result
   * @throws IllegalArgumentException if it is not such a line
   */
  public static Result parse(String line) {
    Map<String, String> fields = FlatJson.parse(line);
    try {
      return new Result(
          fields.get("contender"),
          new Workload(
              Integer.parseInt(fields.get("readPercent")),
              Integer.parseInt(fields.get("threads"))),
          Long.parseLong(fields.get("ops")),
          Double.parseDouble(fields.get("seconds")),
          Double.parseDouble(fields.get("p50Us")),
          Double.parseDouble(fields.get("p99Us")),
          Double.parseDouble(fields.get("p999Us")),
          Double.parseDouble(fields.get("maxUs")),
          Double.parseDouble(fields.get("redisCommandsPerOp")),
          Long.parseLong(fields.get("loads")),
          Long.parseLong(fields.get("wrongValues")),
          fields.getOrDefault("stats", ""));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a result line: " + line, e);
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
