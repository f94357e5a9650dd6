package dev.herald.bench.load;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the blog's Artillery chat scenario: echo to the sender, broadcast to its room. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "The blog's Artillery scenario: each of N clients sends --per-client-rate messages per"
          + " second (open loop), gets its echo, and the other members of its room (--room-size"
          + " clients, joined with ?room=) get the broadcast. Reports echo and broadcast latency,"
          + " deliveries/s and missing messages."
    })
final class ChatCommand extends ScenarioCommand {
  @Parameters(index = "0", description = "Connections (at most 18,000 per load-generator process).")
  int connections;

  @Option(
      names = "--room-size",
      defaultValue = "10",
      description = "Clients per room (default 10).")
  int roomSize = 10;

  @Option(
      names = "--per-client-rate",
      defaultValue = "1",
      description = "Messages per second each client sends (default 1).")
  double perClientRate = 1;

  @Override
  LoadPlan plan(URI base, int threads) {
    return plan(
        base,
        threads,
        connections,
        "c",
        roomSize,
        Workload.OPEN_LOOP,
        perClientRate * connections,
        1,
        0,
        seconds(0),
        seconds(common.duration),
        0);
  }
}
