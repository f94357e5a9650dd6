package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConnectionManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose WebSocket server lost its listening socket is not fit to take connections, and its
 * health says so. The servers keep their listener at the limit of open files (their own tests show
 * it); this is what /health reports if one ever cannot.
 */
class HealthWithoutListenerTest {
  private final ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();

  @AfterEach
  void shutdown() {
    manager.shutdown(Duration.ZERO);
  }

  @Test
  void healthIs503NotListeningOnceTheListenerIsGone() {
    AtomicBoolean listening = new AtomicBoolean(true);
    HttpRoutes routes = new HttpRoutes(manager, Protocol.TEXT, false);
    routes.webSocket(
        new WebSocketEndpoint() {
          @Override
          public int port() {
            return 8000;
          }

          @Override
          public boolean isListening() {
            return listening.get();
          }

          @Override
          public void close() {}
        });
    assertThat(routes.respond("GET", "/health").status()).isEqualTo(200);

    listening.set(false);

    HttpReply reply = routes.respond("GET", "/health");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"status\":\"not listening\",\"activeConnections\":0}");
  }
}
