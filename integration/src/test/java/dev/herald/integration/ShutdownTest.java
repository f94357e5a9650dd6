package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.RejectReason;
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
class ShutdownTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void shutdownClosesEveryoneWith1001AfterWhatWasQueued() {
    try (TestServer<String> server = TestServer.start(transport)) {
      List<TestClient> clients = IntStream.range(0, 5).mapToObj(i -> server.connect("c" + i)).toList();
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 5);
      server.manager.broadcast("last words");

      boolean clean = server.manager.shutdown(WAIT);

      assertThat(clean).isTrue();
      for (TestClient client : clients) {
        assertThat(client.awaitText(WAIT)).isEqualTo("last words");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1001);
      }
      assertThat(server.manager.stats().activeConnections()).isZero();
      assertThat(server.manager.stats().closes(CloseCause.SHUTDOWN)).isEqualTo(5);
    }
  }

  @Test
  void aDrainingManagerAdmitsNoOne() {
    try (TestServer<String> server = TestServer.start(transport)) {
      server.manager.shutdown(WAIT);

      assertThat(server.manager.isDraining()).isTrue();
      Refusal late = Refusal.of(server.uri("late"), java.util.Map.of());
      assertThat(late.status()).isEqualTo(503);
      assertThat(server.manager.stats().rejections(RejectReason.DRAINING)).isEqualTo(1);
      assertThat(server.manager.stats().closes(CloseCause.REJECTED)).isEqualTo(1);
      assertThat(server.manager.stats().activeConnections()).isZero();
    }
  }
}
