package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class DrainTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void shutdownSendsAJitteredReconnectHintFlushesAndCloses() {
    try (TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .farewell((connection, delay) -> "reconnect-after-ms:" + delay.toMillis(), Duration.ofSeconds(30)))) {
      List<TestClient> clients = IntStream.range(0, 20).mapToObj(i -> server.connect("c" + i)).toList();
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 20);
      String bulk = "y".repeat(50_000);
      for (int i = 0; i < 20; i++) {
        server.manager.broadcast(bulk);
      }

      assertThat(server.manager.isDraining()).isFalse();
      boolean clean = server.manager.shutdown(WAIT);

      assertThat(clean).isTrue();
      assertThat(server.manager.isDraining()).isTrue();
      List<Long> delays =
          clients.stream()
              .map(
                  client -> {
                    assertThat(client.awaitTexts(20, WAIT)).allMatch(bulk::equals);
                    String hint = client.awaitText(WAIT);
                    assertThat(client.awaitClose(WAIT).code()).isEqualTo(1001);
                    return Long.parseLong(hint.substring("reconnect-after-ms:".length()));
                  })
              .toList();
      assertThat(delays).allMatch(d -> d >= 0 && d <= 30_000);
      assertThat(delays.stream().distinct().count()).as("jittered").isGreaterThan(1);
    }
  }
}
