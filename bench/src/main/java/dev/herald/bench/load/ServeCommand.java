package dev.herald.bench.load;

import dev.herald.bench.targets.TargetServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
      description = "herald-jws, herald-netty, raw-jws or plain-netty.")
  String target = "herald-netty";

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "Port on 127.0.0.1 (default 8000).")
  int port = 8000;

  @Option(
      names = "--handshake-timeout-ms",
      description = "Herald targets: ms a handshake may take (default: Herald's, 5 s).")
  @Nullable Long handshakeTimeoutMs;

  @Override
  public Integer call() throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--target", target, "--port", Integer.toString(port)));
    if (handshakeTimeoutMs != null) {
      args.addAll(List.of("--handshake-timeout-ms", handshakeTimeoutMs.toString()));
    }
    TargetServer.main(args.toArray(new String[0]));
    return 0;
  }
}
