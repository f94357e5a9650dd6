package dev.herald.integration;

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
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class TlsTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aTlsClientExchangesMessagesAndAPlainClientIsRefused() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    AtomicReference<ConnectionManager<String>> manager = new AtomicReference<>();
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .authenticator(Authenticator.pathSuffix("/ws/"))
            .listener(
                new RecordingListener<String>() {
                  @Override
                  public void onMessage(Connection connection, String message) {
                    manager.get().sendTo(connection.id(), "Echo: " + message);
                  }
                });
    try (TestServer<String> server = TestServer.startAsIs(transport, builder, tls.serverContext())) {
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
