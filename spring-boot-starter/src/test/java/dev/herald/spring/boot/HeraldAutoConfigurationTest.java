package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HeraldAutoConfigurationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void echoesAndBroadcastsOnTheApplicationsOwnServerBesideItsControllers() throws Exception {
    try (ConfigurableApplicationContext app = ChatApp.start();
        TestClient alice = TestClient.connect(ChatApp.ws(app, "/ws/alice"));
        TestClient bob = TestClient.connect(ChatApp.ws(app, "/ws/bob"))) {
      awaitConnections(app, 2);

      alice.send("hi");

      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: hi");
      assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Client alice says: hi");
      HttpResponse<String> hello = get(ChatApp.http(app, "/hello"));
      assertThat(hello.statusCode()).isEqualTo(200);
      assertThat(hello.body()).isEqualTo("hello");
    }
  }

  @Test
  void tomcatLooksAtItsWebSocketSessionsEverySecond() {
    try (ConfigurableApplicationContext app = ChatApp.start()) {
      ServletContext servlets = ((WebApplicationContext) app).getServletContext();
      assertThat(servlets).isNotNull();
      assertThat(servlets.getAttribute(ServerContainer.class.getName()))
          .isInstanceOfSatisfying(
              WsWebSocketContainer.class,
              tomcat -> assertThat(tomcat.getProcessPeriod()).isEqualTo(1));
    }
  }

  @Test
  void theHeraldPropertiesSetTheManagersPolicies() {
    try (ConfigurableApplicationContext app =
        ChatApp.start(
            "herald.inbound.max-message-size=1KB",
            "herald.admission.allowed-origins=https://app.example.com",
            "herald.admission.max-connections-per-client=1",
            "herald.protocols=chat.v2,chat.v1")) {
      URI alicePath = ChatApp.ws(app, "/ws/alice");
      assertRefused(alicePath, Map.of("Origin", "https://evil.example"), 403);
      try (TestClient alice =
          TestClient.connect(alicePath, Map.of("Origin", "https://app.example.com"))) {
        awaitConnections(app, 1);
        assertRefused(alicePath, Map.of(), 429);
        try (TestClient bob = TestClient.connect(ChatApp.ws(app, "/ws/bob"), List.of("chat.v1"))) {
          assertThat(bob.subprotocol()).isEqualTo("chat.v1");
        }

        alice.send("x".repeat(1025));

        assertThat(alice.awaitClose(TIMEOUT).code()).isEqualTo(1009);
      }
    }
  }

  @Test
  void healthAndMetricsReportTheManager() throws Exception {
    try (ConfigurableApplicationContext app =
            ChatApp.start(
                "management.endpoint.health.show-details=always",
                "management.endpoints.web.exposure.include=health");
        TestClient alice = TestClient.connect(ChatApp.ws(app, "/ws/alice"))) {
      awaitConnections(app, 1);

      HttpResponse<String> health = get(ChatApp.http(app, "/actuator/health/herald"));

      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode herald = JsonMapper.shared().readTree(health.body());
      assertThat(herald.path("status").asString()).isEqualTo("UP");
      assertThat(herald.path("details").path("connections").asInt()).isEqualTo(1);
      assertThat(herald.path("details").path("node").asString())
          .isEqualTo(app.getBean(ConnectionManager.class).nodeId());
      MeterRegistry registry = app.getBean(MeterRegistry.class);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(registry.get("herald.connections.active").gauge().value())
                      .isEqualTo(1.0));
      alice.send("timed");
      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: timed");
      assertThat(registry.get("herald.queue.wait").timer().count()).isPositive();
    }
  }

  private static void awaitConnections(ConfigurableApplicationContext app, int count) {
    ConnectionManager<?> manager = app.getBean(ConnectionManager.class);
    await().atMost(TIMEOUT).until(() -> manager.stats().activeConnections() == count);
  }

  private static void assertRefused(URI uri, Map<String, String> headers, int status) {
    assertThatThrownBy(() -> TestClient.connect(uri, headers))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(status));
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
