package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same application on Spring Boot's Jetty: this class runs without Tomcat on the class path.
 */
class JettyStarterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void theChatRunsOnJettyAndDrainsWhenTheApplicationStops() throws Exception {
    ConfigurableApplicationContext app = ChatApp.start();
    try (TestClient alice = TestClient.connect(ChatApp.ws(app, "/ws/alice"));
        TestClient bob = TestClient.connect(ChatApp.ws(app, "/ws/bob"))) {
      assertThat(((WebServerApplicationContext) app).getWebServer().getClass().getSimpleName())
          .startsWith("Jetty");
      ConnectionManager<?> manager = app.getBean(ConnectionManager.class);
      await().atMost(TIMEOUT).until(() -> manager.stats().activeConnections() == 2);

      alice.send("hi");

      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: hi");
      assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Client alice says: hi");
      CompletableFuture<Void> closed = CompletableFuture.runAsync(app::close);
      assertThat(alice.awaitClose(TIMEOUT).code()).isEqualTo(1001);
      assertThat(bob.awaitClose(TIMEOUT).code()).isEqualTo(1001);
      closed.get();
    } finally {
      app.close();
    }
  }
}
