package dev.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Checks that the load generator and the attacks refuse every target but 127.0.0.1 and unbounded
 * runs.
 */
class LocalTargetsOnlyTest {

  @Test
  void refusesAnyHostButLoopback() {
    int status = new CommandLine(new EchoCommand()).execute("20", "--url", "ws://example.com:80");
    assertThat(status).isNotZero();
    assertThatThrownBy(() -> plan("ws://localhost.example:80", 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.1");
  }

  @Test
  void refusesMoreConnectionsThanOneProcessHolds() {
    assertThatThrownBy(() -> plan("ws://127.0.0.1:8000", 18_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ulimit");
  }

  @Test
  void refusesUnboundedAttacks() {
    for (String[] args :
        new String[][] {
          {"slowloris", "--port", "8000", "--seconds", "601"},
          {"slowloris", "--port", "8000", "--sockets", "10001"},
          {"endless-headers", "--port", "8000", "--seconds", "0"},
          {"endless-headers", "--port", "8000", "--host", "example.com"}
        }) {
      assertThat(new CommandLine(new AttackCommand()).execute(args))
          .as(String.join(" ", args))
          .isNotZero();
    }
  }

  private static LoadPlan plan(String url, int connections) {
    Duration second = Duration.ofSeconds(1);
    return new LoadPlan(
        "echo",
        URI.create(url),
        connections,
        "echo",
        0,
        Workload.CLOSED_LOOP,
        0,
        1,
        1024,
        0,
        10,
        second,
        second,
        second,
        second,
        second,
        1,
        0,
        10_000);
  }
}
