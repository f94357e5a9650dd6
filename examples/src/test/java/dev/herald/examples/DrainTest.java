package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrainTest {

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void shutdownClosesEveryClientWith1001AndStopsBothPorts(ServerTransport transport) {
    EchoBroadcastServer server = Servers.start("--transport", transport.flag());
    TestClient first = Wire.connect(Protocol.TEXT, server.webSocketPort(), "first");
    TestClient second = Wire.connect(Protocol.TEXT, server.webSocketPort(), "second");
    first.awaitText(TIMEOUT);
    second.awaitText(TIMEOUT);

    assertThat(server.shutdown(Duration.ofSeconds(5))).isTrue();

    // Told when to come back: a random delay within the default --reconnect-spread of 5 s.
    assertThat(first.awaitText(TIMEOUT)).matches("Server shutting down: reconnect in \\d{1,4} ms");
    assertThat(first.awaitClose(TIMEOUT).code()).isEqualTo(1001);
    assertThat(second.awaitClose(TIMEOUT).code()).isEqualTo(1001);
    assertThat(server.shutdown(Duration.ofSeconds(5))).as("idempotent").isTrue();
  }

  // Netty waits for the peer's answer to its close frame; Java-WebSocket ends a connection as soon
  // as its close frame is out, so only here can a silent peer hold the drain open long enough to
  // watch /health during it.
  @Test
  void healthSaysDrainingWhileClientsAreStillClosing() throws Exception {
    EchoBroadcastServer server = Servers.start("--transport", "netty");
    int http = server.httpPort();
    TestClient polite = Wire.connect(Protocol.TEXT, server.webSocketPort(), "polite");
    polite.awaitText(TIMEOUT);
    URI silentUri = URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/ws/silent");
    try (RawClient silent = RawClient.handshake(silentUri)) {
      await()
          .atMost(TIMEOUT)
          .until(() -> Servers.get(http, "/health").body().contains("\"activeConnections\":2"));

      CompletableFuture<Boolean> shutdown =
          CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofSeconds(2)));

      assertThat(polite.awaitClose(TIMEOUT).code()).isEqualTo(1001);
      // The polite client's answer to the close ends its connection on the server a moment later.
      String drainingBody = "{\"status\":\"draining\",\"activeConnections\":1}";
      await().atMost(TIMEOUT).until(() -> Servers.get(http, "/health").body().equals(drainingBody));
      HttpResponse<String> draining = Servers.get(http, "/health");
      assertThat(draining.statusCode()).isEqualTo(503);
      assertThat(draining.body()).isEqualTo(drainingBody);
      assertThat(Servers.request("HEAD", http, "/health").statusCode()).isEqualTo(503);
      assertThat(Servers.get(http, "/metrics").body()).contains("herald_draining 1.0\n");

      assertThat(shutdown.get(10, TimeUnit.SECONDS)).as("clean").isFalse();
      assertThat(silent.closedByServer()).isTrue();
    }
  }
}
