package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientIdTest {
  private static final String TOO_LONG = "x".repeat(65);

  private EchoBroadcastServer server;

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void textProtocolRefusesInvalidClientIds(ServerTransport transport) {
    server = Servers.start("--transport", transport.flag());
    for (String path :
        new String[] {"/ws/bad.id", "/ws/" + TOO_LONG, "/ws/", "/ws/a/b", "/other/1"}) {
      assertRefused(transport, path);
    }
    try (TestClient longest = connect("/ws/" + TOO_LONG.substring(1))) {
      assertThat(longest.awaitText(TIMEOUT))
          .isEqualTo("Connected as client " + TOO_LONG.substring(1));
    }
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void jsonProtocolRefusesInvalidClientIdsAndCallsTheNamelessAnonymous(ServerTransport transport) {
    server = Servers.start("--protocol", "json", "--transport", transport.flag());
    for (String path :
        new String[] {"/api/ws?clientId=bad%20id", "/api/ws?clientId=" + TOO_LONG, "/ws/bad.id"}) {
      assertRefused(transport, path);
    }
    try (TestClient anonymous = connect("/api/ws")) {
      assertThat(welcome(anonymous).get("message").asText()).isEqualTo("Connected as anonymous");
    }
    try (TestClient byPath = connect("/ws/grace")) {
      assertThat(welcome(byPath).get("message").asText()).isEqualTo("Connected as grace");
    }
  }

  private TestClient connect(String path) {
    return TestClient.connect(URI.create("ws://127.0.0.1:" + server.webSocketPort() + path));
  }

  private void assertRefused(ServerTransport transport, String path) {
    int status = path.startsWith("/other") ? 404 : 400;
    if (transport == ServerTransport.JAVA_WEBSOCKET && status != 404) {
      // Java-WebSocket can refuse a handshake only with 404: it upgrades and closes with 4000 +
      // status.
      try (TestClient refused = connect(path)) {
        assertThat(refused.awaitClose(TIMEOUT).code()).as(path).isEqualTo(4000 + status);
        assertThat(refused.poll()).as(path).isNull();
      }
      return;
    }
    assertThatThrownBy(() -> connect(path))
        .as(path)
        .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(status));
  }

  private static int handshakeStatus(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
    }
    throw new AssertionError("not a refused handshake", error);
  }

  private static JsonNode welcome(TestClient client) {
    return Wire.document(Protocol.JSON, client);
  }
}
