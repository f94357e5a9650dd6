package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OriginTest {

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void anAllowListedServerRefusesOtherOriginsAndAcceptsItsOwn(ServerTransport transport) {
    EchoBroadcastServer server =
        Servers.start(
            "--transport", transport.flag(),
            "--allowed-origin", "https://app.example.com,https://admin.example.com",
            "--allowed-origin", "http://localhost:3000");
    URI uri = URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/ws/browser");
    try {
      assertRefusedWith403(transport, uri, "https://evil.example");
      assertRefusedWith403(transport, uri, "https://app.example.com:8443");

      for (String allowed :
          new String[] {
            "https://app.example.com", "HTTPS://ADMIN.example.com", "http://localhost:3000"
          }) {
        try (TestClient client = TestClient.connect(uri, Map.of("Origin", allowed))) {
          assertThat(client.awaitText(TIMEOUT))
              .as(allowed)
              .isEqualTo("Connected as client browser");
        }
      }
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(Servers.get(server.httpPort(), "/metrics").body())
                      .contains("herald_handshakes_rejected_total{reason=\"origin\"} 2.0\n"));
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  private static void assertRefusedWith403(ServerTransport transport, URI uri, String origin) {
    Map<String, String> headers = Map.of("Origin", origin);
    if (transport == ServerTransport.JAVA_WEBSOCKET) {
      // Java-WebSocket can refuse a handshake only with 404: it upgrades and closes with 4403.
      try (TestClient refused = TestClient.connect(uri, headers)) {
        assertThat(refused.awaitClose(TIMEOUT).code()).as(origin).isEqualTo(4403);
        assertThat(refused.poll()).as(origin).isNull();
      }
      return;
    }
    assertThatThrownBy(() -> TestClient.connect(uri, headers))
        .as(origin)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(403));
  }
}
