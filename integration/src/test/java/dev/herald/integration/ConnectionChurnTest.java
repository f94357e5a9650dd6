package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.Stats;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class ConnectionChurnTest {
  @Parameter Transports transport;

  private static final int CYCLES = 10_000;
  private static final int BATCH = 100;

  @Test
  void tenThousandConnectCloseCyclesLeaveNothingBehind() {
    AtomicReference<ConnectionManager<String>> managerRef = new AtomicReference<>();
    // Every connection joins two topics and leaves them only by closing.
    ConnectionListener<String> joiner =
        new ConnectionListener<>() {
          @Override
          public void onOpen(Connection connection) {
            managerRef.get().join(connection.id(), "all");
            managerRef.get().join(connection.id(), "client:" + connection.clientId());
          }
        };
    // Java-WebSocket (raw too, see BENCHMARKS.md) now and then leaves bytes that arrived unread
    // until more arrive: a 1 s heartbeat makes the peer send a pong, which brings them in. That
    // is what the heartbeat is for in production too; without it one close in a few thousand
    // waits for the default 25 s ping.
    try (TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .listener(joiner)
                .heartbeat(HeartbeatPolicy.every(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(10))))) {
      managerRef.set(server.manager);
      for (int batch = 0; batch < CYCLES / BATCH; batch++) {
        List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          connecting.add(TestClient.connectAsync(server.uri("c" + (i % 10)), Map.of()));
        }
        List<TestClient> clients = connecting.stream().map(CompletableFuture::join).toList();
        clients.forEach(TestClient::close);
        clients.forEach(client -> client.awaitClose(Duration.ofSeconds(20)));
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> server.manager.stats().closes(CloseCause.PEER) == CYCLES);
      Stats stats = server.manager.stats();
      assertThat(stats.activeConnections()).isZero();
      assertThat(stats.topics()).isEmpty();
      assertThat(server.manager.clusterConnections()).isZero();
      for (int c = 0; c < 10; c++) {
        assertThat(server.manager.connectionsOf("c" + c)).isEmpty();
        assertThat(server.manager.nodesOf("c" + c).toCompletableFuture().join()).isEmpty();
      }
    }
  }
}
