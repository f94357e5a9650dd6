package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.DropReason;
import dev.herald.Stats;
import dev.herald.testing.TestClient;
import java.time.Duration;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class SendToClosedTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void sendsToAConnectionThatJustClosedAreCountedNotThrown() {
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server = TestServer.start(transport, ConnectionManager.builder(String.class).listener(listener))) {
      TestClient client = server.connect("c");
      await().atMost(WAIT).until(() -> listener.opened().size() == 1);
      String id = listener.opened().keySet().iterator().next();
      int sends = 20_000;
      int[] accepted = {0};

      client.abort();
      assertThatCode(
              () -> {
                for (int i = 0; i < sends; i++) {
                  if (server.manager.sendTo(id, "into the void " + i)) {
                    accepted[0]++;
                  }
                }
              })
          .doesNotThrowAnyException();

      await().atMost(WAIT).until(() -> listener.closed().containsKey(id));
      assertThat(server.manager.sendTo(id, "after close")).isFalse();
      Stats stats = server.manager.stats();
      long dropped = stats.drops(DropReason.CLOSED) + stats.drops(DropReason.UNKNOWN_CONNECTION);
      assertThat(accepted[0] + dropped).isEqualTo(sends + 1);
      assertThat(stats.messagesOut()).isEqualTo(accepted[0]);
      assertThat(listener.errors()).isEmpty();
    }
  }

  @Test
  void closeByTheApplicationReachesThePeerWithCodeAndReason() {
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server = TestServer.start(transport, ConnectionManager.builder(String.class).listener(listener))) {
      TestClient client = server.connect("c");
      await().atMost(WAIT).until(() -> listener.opened().size() == 1);
      String id = listener.opened().keySet().iterator().next();

      assertThat(server.manager.close(id, 4000, "kicked")).isTrue();

      TestClient.Closure closure = client.awaitClose(WAIT);
      assertThat(closure.code()).isEqualTo(4000);
      assertThat(closure.reason()).isEqualTo("kicked");
      await().atMost(WAIT).until(() -> listener.closed().containsKey(id));
      assertThat(listener.closed().get(id).cause()).isEqualTo(dev.herald.CloseCause.APPLICATION);
      assertThat(server.manager.close(id, 4000, "again")).isFalse();
    }
  }
}
