package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.InboundPolicy;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Messages between one client and the application keep their order, both ways. */
interface OrderingContract extends TransportFixture {
  int MESSAGES = 10_000;

  @Test
  default void tenThousandMessagesToOneConnectionArriveInOrder() {
    Served<String> served = serve(TransportFixture.clients());
    TestClient client = served.connect("c");
    Connection<String> connection = served.manager().connectionsOf("c").iterator().next();

    for (int i = 0; i < MESSAGES; i++) {
      assertThat(connection.send(Integer.toString(i))).isTrue();
    }

    assertThat(client.awaitTexts(MESSAGES, WAIT)).containsExactlyElementsOf(numbers(MESSAGES));
    assertThat(served.manager().stats().messagesOut()).isEqualTo(MESSAGES);
  }

  @Test
  default void tenThousandMessagesFromOneClientReachTheListenerInOrder() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(listener)
                .inbound(InboundPolicy.defaults().unlimitedRate()));
    TestClient client = served.connect("c");

    for (int i = 0; i < MESSAGES; i++) {
      client.send(Integer.toString(i));
    }

    await().atMost(WAIT).until(() -> listener.messages().size() == MESSAGES);
    assertThat(listener.messages()).containsExactlyElementsOf(numbers(MESSAGES));
  }

  @Test
  default void anExecutorKeepsEachConnectionsOrder() {
    int clients = 4;
    int perClient = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    RecordingListener<String> listener =
        new RecordingListener<>() {
          @Override
          public void onMessage(Connection<String> connection, String message) {
            super.onMessage(connection, connection.clientId() + ":" + message);
          }
        };
    try {
      Served<String> served =
          serve(
              TransportFixture.clients()
                  .listener(listener)
                  .executor(pool)
                  .inbound(InboundPolicy.defaults().unlimitedRate()));
      List<TestClient> all =
          IntStream.range(0, clients).mapToObj(i -> served.connect("c" + i)).toList();
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
