package dev.herald.bench.load;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Holds a steady open-loop echo for minutes and prints a summary every period. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Steady state: N clients echo at --rate messages per second in total for --minutes"
          + " minutes; every --every seconds prints the period's replies, p50/p99/max, the"
          + " server's RSS and the connections lost. Ends by itself."
    })
final class SoakCommand extends ScenarioCommand {
  @Parameters(index = "0", defaultValue = "1000", description = "Connections (default 1000).")
  int connections = 1000;

  @Option(
      names = "--minutes",
      defaultValue = "1",
      description = "Minutes of steady state (default 1, at most 1440).")
  double minutes = 1;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Messages per second in total (default 1000).")
  double rate = 1000;

  @Option(
      names = "--every",
      defaultValue = "60",
      description = "Seconds between summaries (default 60).")
  int every = 60;

  @Override
  LoadPlan plan(URI base, int threads) {
    return plan(
        base,
        threads,
        connections,
        "echo",
        0,
        Workload.OPEN_LOOP,
        rate,
        1,
        0,
        seconds(0),
        seconds(minutes * 60),
        Math.max(1, every));
  }
}
