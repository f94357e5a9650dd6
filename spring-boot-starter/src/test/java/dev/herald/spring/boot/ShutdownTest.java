package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

class ShutdownTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READINESS_DELAY = Duration.ofSeconds(3);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readinessGoesDownFirstAndConnectionsCloseWith1001OnlyAfterTheDelay() throws Exception {
    ConfigurableApplicationContext app =
        ChatApp.start(
            "herald.shutdown.readiness-delay=" + READINESS_DELAY.toMillis() + "ms",
            "management.endpoint.health.probes.enabled=true");
    URI readiness = ChatApp.http(app, "/actuator/health/readiness");
    URI liveness = ChatApp.http(app, "/actuator/health/liveness");
    ConnectionManager<?> manager = app.getBean(ConnectionManager.class);
    try (TestClient alice = TestClient.connect(ChatApp.ws(app, "/ws/alice"))) {
      await().atMost(TIMEOUT).until(() -> manager.stats().activeConnections() == 1);
      assertThat(status(readiness)).isEqualTo(200);

      long closing = System.nanoTime();
      CompletableFuture<Void> closed = CompletableFuture.runAsync(app::close);

      await().atMost(TIMEOUT).until(() -> status(readiness) == 503);
      assertThat(status(liveness)).isEqualTo(200);
      assertThat(alice.isClosed()).as("closed while only unready").isFalse();
      alice.send("still served");
      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: still served");

      assertThat(alice.awaitClose(TIMEOUT).code()).isEqualTo(1001);
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isGreaterThan(READINESS_DELAY);
      closed.get();
      assertThat(manager.isDraining()).isTrue();
    } finally {
      app.close();
    }
  }

  private int status(URI uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
