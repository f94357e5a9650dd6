package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class OpenCloseBookkeepingTest {
  @Parameter Transports transport;

  private static final int CLIENTS = 1_000;

  @Test
  void thousandConcurrentClientsAreRegisteredAndForgotten() {
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server = TestServer.start(transport, ConnectionManager.builder(String.class).listener(listener))) {
      List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        connecting.add(TestClient.connectAsync(server.uri("client-" + i), Map.of()));
      }
      List<TestClient> clients = connecting.stream().map(CompletableFuture::join).toList();

      await().atMost(Duration.ofSeconds(30)).until(() -> listener.opened().size() == CLIENTS);
      assertThat(server.manager.stats().activeConnections()).isEqualTo(CLIENTS);
      assertThat(server.manager.clusterConnections()).isEqualTo(CLIENTS);
      assertThat(server.manager.connectionsOf("client-7")).hasSize(1);

      clients.forEach(TestClient::close);

      await().atMost(Duration.ofSeconds(30)).until(() -> listener.closed().size() == CLIENTS);
      assertThat(server.manager.stats().activeConnections()).isZero();
      assertThat(server.manager.clusterConnections()).isZero();
      assertThat(server.manager.connectionsOf("client-7")).isEmpty();
      assertThat(server.manager.stats().closes(CloseCause.PEER)).isEqualTo(CLIENTS);
      assertThat(listener.closed().values()).allSatisfy(status -> assertThat(status.code()).isEqualTo(1000));
      assertThat(listener.errors()).isEmpty();
    }
  }
}
