package io.tiercache.bench.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The workload's progress on the error stream: on a terminal, one line redrawn in place with a
 * carriage return; elsewhere (a pipe, a file, a test), a plain line at each quarter of the run.
 */
final class ProgressBar {

  private static final int WIDTH = 24;

  private final PrintStream err;
  private final boolean terminal;
  private final long totalNanos;
  private int quartersShown;

  /**
   * Creates the bar.
   *
   * @param err where it is drawn
   * @param terminal whether {@code err} is a terminal that honours carriage returns
   * @param totalNanos the run's planned length
   */
  ProgressBar(PrintStream err, boolean terminal, long totalNanos) {
    this.err = err;
    this.terminal = terminal;
    this.totalNanos = Math.max(1, totalNanos);
  }

  /**
   * Returns how often {@link #show} is worth calling.
   *
   * @return the interval in nanoseconds
   */
  long refreshNanos() {
    return terminal ? 200_000_000L : 250_000_000L;
  }

  /**
   * Shows the progress so far.
   *
   * @param elapsedNanos time since the workload started
   * @param reads reads completed
   * @param fromCache reads answered by some tier
   */
  void show(long elapsedNanos, long reads, long fromCache) {
    double fraction = Math.min(1, (double) elapsedNanos / totalNanos);
    String status = status(elapsedNanos, reads, fromCache);
    if (terminal) {
      int filled = (int) Math.round(fraction * WIDTH);
      StringBuilder bar = new StringBuilder("\r[");
      for (int i = 0; i < WIDTH; i++) {
        bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
      }
      bar.append("] ").append(String.format(Locale.ROOT, "%3d%%", (int) (fraction * 100)))
          .append("  ").append(status).append("   ");
      err.print(bar);
      err.flush();
      return;
    }
    int quarters = (int) (fraction * 4 + 1e-9);
    if (quarters > quartersShown) {
      quartersShown = quarters;
      err.printf(Locale.ROOT, "  %3d%%  %s%n", quarters * 25, status);
      err.flush();
    }
  }

  /**
   * Shows the final state and ends the line.
   *
   * @param elapsedNanos the run's actual length
   * @param reads reads completed
   * @param fromCache reads answered by some tier
   */
  void finish(long elapsedNanos, long reads, long fromCache) {
    if (terminal) {
      show(elapsedNanos, reads, fromCache);
      err.println();
    } else if (quartersShown < 4) {
      err.printf(Locale.ROOT, "  done  %s%n", status(elapsedNanos, reads, fromCache));
    }
    err.flush();
  }

  private static String status(long elapsedNanos, long reads, long fromCache) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? reads / seconds : 0;
    double ratio = reads > 0 ? 100.0 * fromCache / reads : 0;
    return String.format(
        Locale.ROOT, "%5.1f s  %,10.0f reads/s  answered by the cache %5.1f%%", seconds, rate,
        ratio);
  }
}
