package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Connection;
import dev.herald.testing.TestClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A broadcast reaches every connection once, with the same bytes, in each sender's order. */
interface BroadcastContract extends TransportFixture {

  @Test
  default void broadcastDeliversTheSameBytesToEveryClient() {
    Served<String> served = serve(TransportFixture.clients());
    List<TestClient> clients =
        IntStream.range(0, 5).mapToObj(i -> served.connect("c" + i)).toList();
    String message = "to everyone ✓ " + "x".repeat(300);

    assertThat(served.manager().broadcast(message)).isEqualTo(5);

    for (TestClient client : clients) {
      assertThat(client.awaitText(WAIT)).isEqualTo(message);
    }
  }

  @Test
  default void broadcastWithExceptReachesEveryoneButOne() {
    int clients = 20;
    Served<String> served = serve(TransportFixture.clients());
    List<TestClient> all =
        IntStream.range(0, clients).mapToObj(i -> served.connect("c" + i)).toList();
    Connection<String> excluded = served.manager().connectionsOf("c0").iterator().next();

    int queued = served.manager().broadcast("hello", excluded.id());
    served.manager().broadcast("to all");

    assertThat(queued).isEqualTo(clients - 1);
    for (TestClient client : all.subList(1, clients)) {
      assertThat(client.awaitTexts(2, WAIT)).containsExactly("hello", "to all");
    }
    // The excluded client's first message is the one after: it never got "hello".
    assertThat(all.get(0).awaitText(WAIT)).isEqualTo("to all");
  }

  @Test
  default void concurrentBroadcastsFromEightThreadsLoseAndDuplicateNothing() throws Exception {
    int clients = 10;
    int threads = 8;
    int perThread = 500;
    Served<String> served = serve(TransportFixture.clients());
    List<TestClient> all =
        IntStream.range(0, clients).mapToObj(i -> served.connect("c" + i)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        senders.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    served.manager().broadcast(thread + ":" + i);
                  }
                }));
      }
      for (Future<?> sender : senders) {
        sender.get();
      }
    } finally {
      pool.shutdown();
    }

    int expected = threads * perThread;
    for (TestClient client : all) {
      List<String> received = client.awaitTexts(expected, WAIT);
      Set<String> distinct = new HashSet<>(received);
      assertThat(distinct).hasSize(expected);
      for (int t = 0; t < threads; t++) {
        String prefix = t + ":";
        List<Integer> fromThread =
            received.stream()
                .filter(m -> m.startsWith(prefix))
                .map(m -> Integer.parseInt(m.substring(prefix.length())))
                .toList();
        assertThat(fromThread).as("order of thread %d", t).isSorted().hasSize(perThread);
      }
    }
    assertThat(served.manager().stats().messagesOut()).isEqualTo((long) expected * clients);
  }
}
