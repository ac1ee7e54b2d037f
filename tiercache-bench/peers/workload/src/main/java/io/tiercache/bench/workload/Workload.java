package io.tiercache.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One measured configuration: the share of reads and the number of client threads.
 *
 * @param readPercent how many operations in a hundred are reads (the rest are writes)
 * @param threads the number of client threads
 */
public record Workload(int readPercent, int threads) {

  /**
   * Checks the values.
   *
   * @param readPercent from 0 to 100
   * @param threads at least 1
   */
  public Workload {
    if (readPercent < 0 || readPercent > 100) {
      throw new IllegalArgumentException("readPercent was " + readPercent + " but must be 0-100");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads was " + threads + " but must be at least 1");
    }
  }

  /**
   * Returns a label such as {@code 95/5 reads/writes, 32 threads}.
   *
   * @return the label
   */
  public String label() {
    String mix = readPercent == 100 ? "100% reads"
        : String.format(Locale.ROOT, "%d/%d reads/writes", readPercent, 100 - readPercent);
    return mix + ", " + threads + (threads == 1 ? " thread" : " threads");
  }

  /**
   * Parses a list such as {@code 100:2,95:32}: the read percent and threads of each workload.
   *
   * @param text the list
   * @return the workloads, in order
   * @throws IllegalArgumentException naming the part that is not {@code <percent>:<threads>}
   */
  public static List<Workload> parseList(String text) {
    List<Workload> all = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] pieces = part.trim().split(":");
      try {
        if (pieces.length == 2) {
          all.add(new Workload(Integer.parseInt(pieces[0]), Integer.parseInt(pieces[1])));
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "workload '" + part + "' must be <read percent>:<threads>, such as 95:32");
    }
    return List.copyOf(all);
  }

  /**
   * Formats workloads as {@link #parseList} reads them.
   *
   * @param workloads the workloads
   * @return such as {@code 100:2,95:32}
   */
  public static String formatList(List<Workload> workloads) {
    StringJoiner joined = new StringJoiner(",");
    for (Workload workload : workloads) {
      joined.add(workload.readPercent() + ":" + workload.threads());
    }
    return joined.toString();
  }
}
