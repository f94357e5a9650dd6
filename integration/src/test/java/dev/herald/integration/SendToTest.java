package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.DropReason;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class SendToTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void sendToClientReachesEveryConnectionOfThatClientAndNoOther() {
    try (TestServer<String> server = TestServer.start(transport)) {
      List<TestClient> alice = Stream.generate(() -> server.connect("alice")).limit(3).toList();
      TestClient bob = server.connect("bob");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 4);

      assertThat(server.manager.sendToClient("alice", "for alice")).isEqualTo(3);
      server.manager.sendToClient("bob", "for bob");

      for (TestClient tab : alice) {
        assertThat(tab.awaitText(WAIT)).isEqualTo("for alice");
      }
      assertThat(bob.awaitText(WAIT)).isEqualTo("for bob");
    }
  }

  @Test
  void sendToReachesExactlyOneConnection() {
    try (TestServer<String> server = TestServer.start(transport)) {
      TestClient first = server.connect("alice");
      TestClient second = server.connect("alice");
      await().atMost(WAIT).until(() -> server.manager.connectionsOf("alice").size() == 2);
      Connection target = server.manager.connectionsOf("alice").iterator().next();

      assertThat(server.manager.sendTo(target.id(), "only you")).isTrue();
      server.manager.sendToClient("alice", "both");

      // Per-sender FIFO: the targeted connection gets its message before the shared one.
      List<String> firstGot = List.of(first.awaitText(WAIT), second.awaitText(WAIT));
      assertThat(firstGot).containsExactlyInAnyOrder("only you", "both");
      TestClient targeted = firstGot.get(0).equals("only you") ? first : second;
      assertThat(targeted.awaitText(WAIT)).isEqualTo("both");
      assertThat(server.manager.stats().messagesOut()).isEqualTo(3);
    }
  }

  @Test
  void sendToAnUnknownConnectionIsCountedNotThrown() {
    try (TestServer<String> server = TestServer.start(transport)) {
      String unknown = server.manager.nodeId() + ".zzz";

      assertThat(server.manager.sendTo(unknown, "nobody")).isFalse();

      assertThat(server.manager.stats().drops(DropReason.UNKNOWN_CONNECTION)).isEqualTo(1);
    }
  }
}
