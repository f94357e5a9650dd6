package dev.herald.bench.load;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs the open-loop echo at a fixed total rate. */
@Command(
    name = "echo-rate",
    mixinStandardHelpOptions = true,
    description = {
      "Open loop: N clients send R messages per second in total, round robin, whatever the"
          + " replies do. Latency runs from the time each message was meant to be sent, so a"
          + " stalled server shows in the percentiles (no coordinated omission). Reports msg/s,"
          + " p50/p99/p99.9/max and replies missing after the drain."
    })
final class EchoRateCommand extends ScenarioCommand {
  @Parameters(index = "0", description = "Connections (at most 18,000 per load-generator process).")
  int connections;

  @Parameters(index = "1", description = "Messages per second, all clients together.")
  double rate;

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
        seconds(common.duration),
        0);
  }
}
