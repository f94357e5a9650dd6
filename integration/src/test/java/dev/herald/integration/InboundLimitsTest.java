package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.DropReason;
import dev.herald.InboundPolicy;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class InboundLimitsTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aTwoMebibyteMessageGets1009AndOthersAreUnaffected() {
    try (TestServer<String> server = echoServer(InboundPolicy.defaults())) {
      TestClient big = server.connect("big");
      TestClient other = server.connect("other");

      big.send("x".repeat(2 << 20));

      assertThat(big.awaitClose(WAIT).code()).isEqualTo(1009);
      other.send("still served");
      assertThat(other.awaitText(WAIT)).isEqualTo("Echo: still served");
      await().atMost(WAIT).until(() -> server.manager.stats().closes(CloseCause.TOO_LARGE) == 1);
    }
  }

  @Test
  void tenThousandTinyMessagesHitTheRateLimit() {
    try (TestServer<String> server = echoServer(InboundPolicy.defaults().rate(100, 200))) {
      TestClient flooder = server.connect("flooder");
      TestClient other = server.connect("other");

      for (int i = 0; i < 10_000; i++) {
        flooder.send("m");
      }

      // The flooder may see its own writes fail (1006) before it reads the close frame: the
      // server's side tells what was sent.
      flooder.awaitClose(WAIT);
      await().atMost(WAIT).until(() -> listener.closed().size() == 1);
      assertThat(listener.closed().values().iterator().next())
          .isEqualTo(new CloseStatus(1008, "rate limit: over 100 messages/s", CloseCause.RATE_LIMITED));
      assertThat(server.manager.stats().closes(CloseCause.RATE_LIMITED)).isEqualTo(1);
      assertThat(server.manager.stats().drops(DropReason.RATE_LIMITED)).isPositive();
      other.send("fine");
      assertThat(other.awaitText(WAIT)).isEqualTo("Echo: fine");
    }
  }

  @Test
  void overTheRateWithDropKeepsTheConnectionAndDropsTheExcess() {
    try (TestServer<String> server =
        echoServer(InboundPolicy.defaults().rate(10, 50).onOverRate(InboundPolicy.Action.DROP))) {
      TestClient flooder = server.connect("flooder");

      for (int i = 0; i < 1_000; i++) {
        flooder.send("m");
      }
      flooder.flush();

      await().atMost(WAIT).until(() -> server.manager.stats().messagesIn() == 1_000);
      long dropped = server.manager.stats().drops(DropReason.RATE_LIMITED);
      assertThat(dropped).as("the burst of 50 gets through").isBetween(1L, 950L);
      assertThat(flooder.isClosed()).isFalse();
      assertThat(flooder.awaitTexts((int) (1_000 - dropped), WAIT)).allMatch("Echo: m"::equals);
    }
  }

  @Test
  void anUndecodableMessageGetsTheErrorReplyAndTheConnectionStaysOpen() {
    try (TestServer<String> server = echoServer(InboundPolicy.defaults())) {
      TestClient client = server.connect("c");

      client.send(new byte[] {1, 2, 3});
      client.send("after");

      assertThat(client.awaitText(WAIT)).startsWith("error: expected a text frame");
      assertThat(client.awaitText(WAIT)).isEqualTo("Echo: after");
      assertThat(server.manager.stats().drops(DropReason.UNDECODABLE)).isEqualTo(1);
    }
  }

  @Test
  void anUndecodableMessageClosesWith1003WhenThePolicySaysSo() {
    try (TestServer<String> server = echoServer(InboundPolicy.defaults().onUndecodable(InboundPolicy.Action.CLOSE))) {
      TestClient client = server.connect("c");

      client.send(new byte[] {1, 2, 3});

      TestClient.Closure closure = client.awaitClose(WAIT);
      assertThat(closure.code()).isEqualTo(1003);
      assertThat(closure.reason()).startsWith("undecodable message: expected a text frame");
      await().atMost(WAIT).until(() -> server.manager.stats().closes(CloseCause.UNDECODABLE) == 1);
    }
  }

  private final RecordingListener<String> listener = new RecordingListener<>();

  private TestServer<String> echoServer(InboundPolicy policy) {
    AtomicReference<ConnectionManager<String>> manager = new AtomicReference<>();
    TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .inbound(policy)
                .decodeErrorReply(error -> "error: " + error.getMessage())
                .listener(
                    new ConnectionListener<>() {
                      @Override
                      public void onMessage(Connection connection, String message) {
                        manager.get().sendTo(connection.id(), "Echo: " + message);
                      }

                      @Override
                      public void onClose(Connection connection, CloseStatus status) {
                        listener.onClose(connection, status);
                      }
                    }));
    manager.set(server.manager);
    return server;
  }
}
