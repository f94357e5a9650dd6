package dev.herald.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.testing.SelfSignedTls;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TlsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aTlsClientExchangesMessagesAndAPlainClientIsRefused() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    AtomicReference<ConnectionManager<String>> manager = new AtomicReference<>();
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .authenticator(Authenticator.pathSuffix("/ws/"))
            .listener(
                new RecordingListener() {
                  @Override
                  public void onMessage(Connection connection, String message) {
                    manager.get().sendTo(connection.id(), "Echo: " + message);
                  }
                });
    try (TestServer server = TestServer.startAsIs(builder, tls.serverContext())) {
      manager.set(server.manager);
      HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

      TestClient secure =
          TestClient.connectAsync(https, URI.create("wss://127.0.0.1:" + server.port + "/ws/alice"), Map.of())
              .join();
      secure.send("over TLS");
      assertThat(secure.awaitText(WAIT)).isEqualTo("Echo: over TLS");
      secure.send("x".repeat(300_000));
      assertThat(secure.awaitText(WAIT)).hasSize(300_006);

      CompletableFuture<TestClient> plain = TestClient.connectAsync(server.uri("mallory"), Map.of());
      assertThat(plain).failsWithin(WAIT);
      assertThat(server.manager.connectionsOf("mallory")).isEmpty();
    }
  }
}
