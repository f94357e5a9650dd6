package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.Stats;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Connections come and go by the thousand and leave nothing behind in any registry or topic. */
interface ChurnContract extends TransportFixture {

  @Test
  default void thousandConcurrentClientsAreRegisteredAndForgotten() {
    int count = 1_000;
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connecting.add(TestClient.connectAsync(served.uri("client-" + i), Map.of()));
    }
    List<TestClient> clients = connecting.stream().map(CompletableFuture::join).toList();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> served.manager().stats().activeConnections() == count);
    assertThat(served.manager().clusterConnections()).isEqualTo(count);
    assertThat(served.manager().connectionsOf("client-7")).hasSize(1);

    clients.forEach(TestClient::close);

    await().atMost(Duration.ofSeconds(30)).until(() -> listener.closed().size() == count);
    assertThat(served.manager().stats().activeConnections()).isZero();
    assertThat(served.manager().clusterConnections()).isZero();
    assertThat(served.manager().connectionsOf("client-7")).isEmpty();
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isEqualTo(count);
    assertThat(listener.closed().values())
        .allSatisfy(status -> assertThat(status.code()).isEqualTo(1000));
    assertThat(listener.errors()).isEmpty();
  }

  @Test
  default void tenThousandConnectCloseCyclesLeaveNothingBehind() {
    int cycles = 10_000;
    int batch = 100;
    // Every connection joins two topics and leaves them only by closing.
    ConnectionListener<String> joiner =
        new ConnectionListener<>() {
          @Override
          public void onOpen(Connection<String> connection) {
            connection.join("all");
            connection.join("client:" + connection.clientId());
          }
        };
    Served<String> served = serve(TransportFixture.clients().listener(joiner));
    for (int round = 0; round < cycles / batch; round++) {
      List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        connecting.add(TestClient.connectAsync(served.uri("c" + (i % 10)), Map.of()));
      }
      List<TestClient> clients = connecting.stream().map(CompletableFuture::join).toList();
      clients.forEach(TestClient::close);
      clients.forEach(client -> client.awaitClose(WAIT));
    }

    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.PEER) == cycles);
    Stats stats = served.manager().stats();
    assertThat(stats.activeConnections()).isZero();
    assertThat(stats.topics()).isEmpty();
    assertThat(served.manager().clusterConnections()).isZero();
    for (int c = 0; c < 10; c++) {
      assertThat(served.manager().connectionsOf("c" + c)).isEmpty();
      assertThat(served.manager().nodesOf("c" + c).toCompletableFuture().join()).isEmpty();
    }
  }
}
