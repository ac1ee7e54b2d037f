package io.tiercache.bench;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the bench's command line, such as {@code replay}. */
public interface Subcommand {

  /**
   * Returns the name typed on the command line.
   *
   * @return the name, lower case
   */
  String name();

  /**
   * Returns one line saying what the subcommand does, for the list {@link Main} prints.
   *
   * @return the summary
   */
  String summary();

  /**
   * Runs the subcommand.
   *
   * @param args the arguments after the subcommand's name
   * @param out where results go
   * @param err where usage and errors go
   * @return the process exit status: 0 on success, 2 for a usage error, 1 for a failure
   */
  int run(List<String> args, PrintStream out, PrintStream err);
}
