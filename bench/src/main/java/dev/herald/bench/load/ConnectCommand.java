package dev.herald.bench.load;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Opens N connections, holds them idle, and reports connections/s, failures, drops and RSS. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = {
      "Opens N connections at --rate per second (the blog ramps at 166/s), or as fast as"
          + " --max-pending handshakes in flight allow, then holds them idle for --hold seconds.",
      "Reports connections/s, failures (the drop rate), connections lost while idle, and the"
          + " server's RSS per 1,000 connections (VmRSS of /proc/PID/status after a full GC,"
          + " before and after), when the bench started the server or was given --pid. With a"
          + " pid, a warm-up round opens and closes the N connections first, so that the baseline"
          + " already holds the heap pages the server touches while connecting; the figures are"
          + " the second round's."
    })
final class ConnectCommand extends ScenarioCommand {
  @Parameters(index = "0", description = "Connections (at most 18,000 per load-generator process).")
  int connections;

  @Option(
      names = "--rate",
      description = "Connections opened per second (default: as fast as possible).")
  double rate;

  @Option(
      names = "--hold",
      defaultValue = "5",
      description = "Seconds to hold the idle connections (default 5).")
  double hold = 5;

  @Override
  LoadPlan plan(URI base, int threads) {
    return plan(
        base,
        threads,
        connections,
        "echo",
        0,
        Workload.IDLE,
        0,
        1,
        rate,
        seconds(hold),
        seconds(0),
        0);
  }
}
