package dev.herald.bench.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the Herald load generator: the entry point of {@code herald-bench.jar}.
 *
 * <p>Not thread-safe.
 */
@Command(
    name = "herald-bench",
    mixinStandardHelpOptions = true,
    version = "herald-bench 0.1.0",
    subcommands = {
      ConnectCommand.class,
      EchoCommand.class,
      EchoRateCommand.class,
      FanoutCommand.class,
      ChatCommand.class,
      SoakCommand.class,
      ServeCommand.class,
      AttackCommand.class
    },
    description = {
      "Measures WebSocket servers the way the blog did (1 KB messages, thousands of connections):"
          + " Herald on Java-WebSocket, Herald on Netty, and plain Java-WebSocket, one after the"
          + " other in one run, each in a child JVM pinned to its own CPU, so that Herald's cost"
          + " is a ratio measured under the same conditions.",
      "",
      "Limits: targets 127.0.0.1 only. One load-generator process holds at most ~18,000"
          + " connections, because the open-file limit here is 20,000 per process (ulimit -n);"
          + " the server needs one file per connection too, so to find the most one server holds,"
          + " run it with 'serve' and several 'connect' processes. Every run is bounded in"
          + " connections and time and ends by itself."
    })
public final class HeraldBench implements Runnable {
  private HeraldBench() {}

  /** Runs the command line {@code args} and exits with its status. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new HeraldBench()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
