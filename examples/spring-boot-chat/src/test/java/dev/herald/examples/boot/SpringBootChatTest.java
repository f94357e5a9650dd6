package dev.herald.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class SpringBootChatTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static ConfigurableApplicationContext app;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    app =
        SpringApplication.run(
            SpringBootChat.class, "--server.port=0", "--server.address=127.0.0.1");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void clientsAreWelcomedEchoedAndHearEachOther() {
    try (TestClient alice = TestClient.connect(ws("/ws/alice"));
        TestClient bob = TestClient.connect(ws("/ws/bob"))) {
      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Connected as client alice");
      assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Connected as client bob");

      alice.send("hello");

      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: hello");
      assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Client alice says: hello");
    }
  }

  @Test
  void aMessageThatIsNotTextIsAnsweredAndTheConnectionStays() {
    try (TestClient carol = TestClient.connect(ws("/ws/carol"))) {
      assertThat(carol.awaitText(TIMEOUT)).isEqualTo("Connected as client carol");

      carol.send("not text".getBytes(StandardCharsets.UTF_8));

      assertThat(carol.awaitText(TIMEOUT)).isEqualTo("Invalid message: send UTF-8 text.");
      carol.send("still here");
      assertThat(carol.awaitText(TIMEOUT)).isEqualTo("Echo: still here");
    }
  }

  @Test
  void actuatorAnswersProbesAndPrometheusOnTheSamePort() throws Exception {
    try (TestClient dave = TestClient.connect(ws("/ws/dave"))) {
      assertThat(dave.awaitText(TIMEOUT)).isEqualTo("Connected as client dave");
      ConnectionManager<?> manager = app.getBean(ConnectionManager.class);
      await().atMost(TIMEOUT).until(() -> manager.stats().activeConnections() == 1);

      assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
      assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(get("/actuator/prometheus").body())
                      .containsPattern("(?m)^herald_connections_active(\\{[^}]*\\})? 1\\.0$"));
    }
  }

  private static URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + port() + path);
  }

  private static int port() {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
            .timeout(TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
