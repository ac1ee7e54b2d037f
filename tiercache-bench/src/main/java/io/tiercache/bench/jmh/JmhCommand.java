package io.tiercache.bench.jmh;

import io.tiercache.bench.Subcommand;
import java.io.PrintStream;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code jmh}: runs the bench's JMH benchmarks with JMH's own command line
 * ({@code jmh L1HitBenchmark -t 2}, {@code jmh -h}, {@code jmh -l}), without exiting the JVM.
 */
public final class JmhCommand implements Subcommand {

  /** Creates the subcommand. */
  public JmhCommand() {}

  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public String summary() {
    return "JMH benchmarks (L1 hit vs Caffeine, L2 hit vs Lettuce); JMH's options, -h for help";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(args.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      err.println("jmh: " + e.getMessage());
      return 2;
    }
    try {
      if (options.shouldHelp()) {
        options.showHelp();
        return 0;
      }
      OutputFormat format =
          OutputFormatFactory.createFormatInstance(
              out, options.verbosity().orElse(org.openjdk.jmh.runner.options.VerboseMode.NORMAL));
      Runner runner = new Runner(options, format);
      if (options.shouldList() || options.shouldListWithParams()) {
        runner.list();
        return 0;
      }
      runner.run();
      return 0;
    } catch (RunnerException | java.io.IOException e) {
      err.println("jmh: " + e.getMessage());
      return 1;
    }
  }
}
