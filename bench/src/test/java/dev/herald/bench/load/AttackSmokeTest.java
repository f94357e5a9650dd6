package dev.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HandshakePolicy;
import dev.herald.bench.targets.TargetServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs both handshake attacks briefly against in-process Herald targets, and checks that each ends
 * and reports what the server did: a 431 for endless headers; for slowloris, with a 300 ms
 * handshake timeout, every socket closed by the server. How fast is not checked.
 */
class AttackSmokeTest {
  private static final TargetServer.Kind[] HERALD = {
    TargetServer.Kind.HERALD_JWS, TargetServer.Kind.HERALD_NETTY
  };

  @Test
  void endlessHeadersIsRefusedWith431OnBothTransports() throws Exception {
    for (TargetServer.Kind kind : HERALD) {
      String summary =
          attack(kind, HandshakePolicy.defaults(), "endless-headers", "--seconds", "2");
      assertThat(summary)
          .as(kind.label())
          .contains("answer 'HTTP/1.1 431")
          .containsPattern("server CPU \\d+ ms, max RSS [\\d.]+ MiB");
    }
  }

  @Test
  void slowlorisSocketsAreClosedAtTheHandshakeTimeoutOnBothTransports() throws Exception {
    for (TargetServer.Kind kind : HERALD) {
      String summary =
          attack(
              kind,
              HandshakePolicy.defaults().timeout(Duration.ofMillis(300)),
              "slowloris",
              "--seconds",
              "3",
              "--sockets",
              "20",
              "--interval-ms",
              "100");
      assertThat(summary)
          .as(kind.label())
          .contains("20 sockets, 1 byte every 100 ms for 3 s: 0 still open at the end")
          .contains("20 closed by the server")
          .contains("0 refused at connect");
    }
  }

  private static String attack(TargetServer.Kind kind, HandshakePolicy handshake, String... args)
      throws Exception {
    try (TargetServer target =
        TargetServer.start(kind, new InetSocketAddress("127.0.0.1", 0), handshake)) {
      AttackCommand command = new AttackCommand();
      String[] all = new String[args.length + 4];
      all[0] = args[0];
      all[1] = "--port";
      all[2] = Integer.toString(target.port());
      all[3] = "--pid";
      all[4] = Long.toString(ProcessHandle.current().pid());
      System.arraycopy(args, 1, all, 5, args.length - 1);
      assertThat(new CommandLine(command).execute(all)).as(args[0] + " exit status").isZero();
      String summary = command.summary();
      assertThat(summary).isNotNull();
      return summary;
    }
  }
}
