package dev.herald.bench.load;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs the fan-out: one publisher, N receivers. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description = {
      "One publisher (client id 'publisher': the server broadcasts its messages to every other"
          + " client and does not echo them) sends r messages per second; N receivers get each."
          + " Reports deliveries/s, end-to-end p50/p99 from the stamp in the payload, and missing"
          + " deliveries."
    })
final class FanoutCommand extends ScenarioCommand {
  @Parameters(index = "0", description = "Receivers (at most 18,000 per load-generator process).")
  int connections;

  @Parameters(index = "1", description = "Messages per second the publisher sends.")
  double rate;

  @Override
  LoadPlan plan(URI base, int threads) {
    return plan(
        base,
        threads,
        connections,
        "rcv",
        0,
        Workload.FANOUT,
        rate,
        1,
        0,
        seconds(0),
        seconds(common.duration),
        0);
  }
}
