package dev.herald.bench.load;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the closed-loop echo: each client sends its next message when the echo arrives. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    description = {
      "Closed loop: N clients each keep --inflight messages of --size bytes in flight and send the"
          + " next when an echo arrives. Reports msg/s (echoes received) and p50/p99/p99.9/max"
          + " latency. Client ids start with 'echo', so the server echoes without broadcasting."
    })
final class EchoCommand extends ScenarioCommand {
  @Parameters(index = "0", description = "Connections (at most 18,000 per load-generator process).")
  int connections;

  @Option(
      names = "--inflight",
      defaultValue = "1",
      description = "Messages in flight per client (default 1).")
  int inflight = 1;

  @Override
  LoadPlan plan(URI base, int threads) {
    return plan(
        base,
        threads,
        connections,
        "echo",
        0,
        Workload.CLOSED_LOOP,
        0,
        inflight,
        0,
        seconds(0),
        seconds(common.duration),
        0);
  }
}
