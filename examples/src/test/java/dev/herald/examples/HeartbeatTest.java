package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HeartbeatTest {

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void aPeerThatNeverAnswersPingsIsClosedAndALiveOneStays(ServerTransport transport)
      throws Exception {
    EchoBroadcastServer server =
        Servers.start(
            "--transport", transport.flag(), "--ping-interval", "1", "--pong-timeout", "1");
    URI deadUri = URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/ws/dead");
    try (TestClient alive = Wire.connect(Protocol.TEXT, server.webSocketPort(), "alive");
        RawClient dead = RawClient.handshake(deadUri)) {
      alive.awaitText(TIMEOUT);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Servers.get(server.httpPort(), "/metrics")
                      .body()
                      .contains(
                          "herald_connections_closed_total{cause=\"heartbeat_timeout\"} 1.0\n"));

      assertThat(Servers.get(server.httpPort(), "/health").body())
          .contains("\"activeConnections\":1");
      assertThat(alive.isClosed()).isFalse();
      assertThat(dead.closedByServer()).isTrue();
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }
}
