package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.InboundPolicy;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class OrderingTest {
  @Parameter Transports transport;

  private static final int MESSAGES = 10_000;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void tenThousandMessagesToOneConnectionArriveInOrder() {
    try (TestServer<String> server = TestServer.start(transport)) {
      TestClient client = server.connect("c");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 1);
      String id = server.manager.connectionsOf("c").iterator().next().id();

      for (int i = 0; i < MESSAGES; i++) {
        server.manager.sendTo(id, Integer.toString(i));
      }

      List<String> received = client.awaitTexts(MESSAGES, WAIT);
      assertThat(received).containsExactlyElementsOf(numbers(MESSAGES));
    }
  }

  @Test
  void tenThousandMessagesFromOneClientReachTheHandlerInOrder() {
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server = TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .listener(listener)
                .inbound(InboundPolicy.defaults().unlimitedRate()))) {
      TestClient client = server.connect("c");

      for (int i = 0; i < MESSAGES; i++) {
        client.send(Integer.toString(i));
      }

      await().atMost(WAIT).until(() -> listener.messages().size() == MESSAGES);
      assertThat(listener.messages()).containsExactlyElementsOf(numbers(MESSAGES));
    }
  }

  @Test
  void anExecutorKeepsEachConnectionsOrder() {
    int clients = 4;
    int perClient = 2_500;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    RecordingListener<String> listener =
        new RecordingListener<String>() {
          @Override
          public void onMessage(dev.herald.Connection connection, String message) {
            super.onMessage(connection, connection.clientId() + ":" + message);
          }
        };
    try (TestServer<String> server =
        TestServer.start(transport, ConnectionManager.builder(String.class)
            .listener(listener)
            .executor(pool)
            .inbound(InboundPolicy.defaults().unlimitedRate()))) {
      List<TestClient> all = IntStream.range(0, clients).mapToObj(i -> server.connect("c" + i)).toList();
      for (int i = 0; i < perClient; i++) {
        for (TestClient client : all) {
          client.send(Integer.toString(i));
        }
      }

      await().atMost(WAIT).until(() -> listener.messages().size() == clients * perClient);
      for (int c = 0; c < clients; c++) {
        String prefix = "c" + c + ":";
        List<String> fromClient =
            listener.messages().stream()
                .filter(m -> m.startsWith(prefix))
                .map(m -> m.substring(prefix.length()))
                .toList();
        assertThat(fromClient).containsExactlyElementsOf(numbers(perClient));
      }
    } finally {
      pool.shutdown();
    }
  }

  private static List<String> numbers(int count) {
    return IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }
}
