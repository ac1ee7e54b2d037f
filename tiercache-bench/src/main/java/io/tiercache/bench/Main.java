package io.tiercache.bench;

import io.tiercache.bench.demo.DemoCommand;
import io.tiercache.bench.jmh.JmhCommand;
import io.tiercache.bench.memory.PromoterMemoryCommand;
import io.tiercache.bench.peers.PeersCommand;
import io.tiercache.bench.replay.ReplayCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The bench's command line: {@code Main <subcommand> [arguments]}. It only dispatches; each
 * subcommand is one class implementing {@link Subcommand}, listed in {@link #SUBCOMMANDS}.
 */
public final class Main {

  /** The subcommands, in the order the usage lists them. */
  private static final List<Subcommand> SUBCOMMANDS =
      List.of(new DemoCommand(), new ReplayCommand(), new PeersCommand(), new JmhCommand(),
          new PromoterMemoryCommand());

  private Main() {}

  /**
   * Runs a subcommand and exits with its status.
   *
   * @param args the subcommand's name, then its arguments
   */
  public static void main(String[] args) {
    int status = run(Arrays.asList(args), System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs a subcommand without exiting, for tests and embedding.
   *
   * @param args the subcommand's name, then its arguments
   * @param out where results go
   * @param err where usage and errors go
   * @return the exit status: 0 on success, 2 for a usage error, 1 for a failure
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      usage(args.isEmpty() ? err : out);
      return args.isEmpty() ? 2 : 0;
    }
    for (Subcommand subcommand : SUBCOMMANDS) {
      if (subcommand.name().equals(args.get(0))) {
        return subcommand.run(args.subList(1, args.size()), out, err);
      }
    }
    err.println("unknown subcommand '" + args.get(0) + "'");
    usage(err);
    return 2;
  }

  private static void usage(PrintStream to) {
    to.println("usage: Main <subcommand> [arguments]   (<subcommand> --help for its arguments)");
    for (Subcommand subcommand : SUBCOMMANDS) {
      to.printf("  %-10s %s%n", subcommand.name(), subcommand.summary());
    }
  }
}
