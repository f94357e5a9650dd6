package dev.herald.bench.load;

import dev.herald.bench.targets.TargetServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs one target in the foreground, for measurements with several load-generator processes. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a target until killed: point the scenarios at it with --url ws://127.0.0.1:PORT"
          + " --pid PID. Use it to go past what one load-generator process can hold (~18k"
          + " connections): run several 'connect' processes against one server."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--target",
      defaultValue = "herald-netty",
      description = "herald-jws, herald-netty or raw-jws.")
  String target = "herald-netty";

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "Port on 127.0.0.1 (default 8000).")
  int port = 8000;

  @Override
  public Integer call() throws Exception {
    TargetServer.main(new String[] {"--target", target, "--port", Integer.toString(port)});
    return 0;
  }
}
