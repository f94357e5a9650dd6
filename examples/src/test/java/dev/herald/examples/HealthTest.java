package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HealthTest {
  private EchoBroadcastServer server;
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    server.shutdown(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void healthCountsActiveConnectionsForGetAndHead(ServerTransport transport) {
    server = Servers.start("--transport", transport.flag());
    assertHealthy(server.httpPort(), 0);

    for (String id : List.of("a", "b")) {
      TestClient client = Wire.connect(Protocol.TEXT, server.webSocketPort(), id);
      client.awaitText(TIMEOUT);
      clients.add(client);
    }
    // The welcome is sent from onOpen, and a connection counts once onOpen has returned.
    await().atMost(TIMEOUT).untilAsserted(() -> assertHealthy(server.httpPort(), 2));

    HttpResponse<String> head = Servers.request("HEAD", server.httpPort(), "/health");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(head.body()).isEmpty();

    clients.remove(0).close();
    await().atMost(TIMEOUT).untilAsserted(() -> assertHealthy(server.httpPort(), 1));
  }

  @Test
  void nettyAnswersHttpOnTheWebSocketPortToo() {
    server = Servers.start("--transport", "netty");
    assertHealthy(server.webSocketPort(), 0);
    assertThat(Servers.request("HEAD", server.webSocketPort(), "/health").statusCode())
        .isEqualTo(200);
    assertThat(Servers.get(server.webSocketPort(), "/").body())
        .contains("<title>Herald echo, broadcast and rooms</title>");
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void rootServesTheBrowserClientForThisServer(ServerTransport transport) {
    server = Servers.start("--protocol", "msgpack", "--transport", transport.flag());
    HttpResponse<String> page = Servers.get(server.httpPort(), "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body())
        .contains("const PROTOCOL = \"msgpack\";")
        .contains("\"ws://\" + location.hostname + \":" + server.webSocketPort() + "\"");
    for (String bundle : new String[] {"/herald-client.min.js", "/herald-msgpack.min.js"}) {
      assertThat(page.body()).contains("from \"" + bundle + "\"");
      HttpResponse<String> script = Servers.get(server.httpPort(), bundle);
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type"))
          .hasValue("text/javascript; charset=utf-8");
      assertThat(script.body()).contains("herald.v1.");
    }
    assertThat(Servers.get(server.httpPort(), "/nothing-here").statusCode()).isEqualTo(404);
    assertThat(Servers.request("POST", server.httpPort(), "/health").statusCode()).isEqualTo(405);
  }

  private static void assertHealthy(int port, int connections) {
    HttpResponse<String> health = Servers.get(port, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(health.body())
        .isEqualTo("{\"status\":\"healthy\",\"activeConnections\":" + connections + "}");
  }
}
