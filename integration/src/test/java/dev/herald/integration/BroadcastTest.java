package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class BroadcastTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void broadcastWithExceptReachesEveryoneButOne() {
    int clients = 20;
    try (TestServer<String> server = TestServer.start(transport)) {
      List<TestClient> all = IntStream.range(0, clients).mapToObj(i -> server.connect("c" + i)).toList();
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == clients);
      Connection excluded = server.manager.connectionsOf("c0").iterator().next();

      int queued = server.manager.broadcast("hello", excluded.id());
      server.manager.broadcast("to all");

      assertThat(queued).isEqualTo(clients - 1);
      for (TestClient client : all.subList(1, clients)) {
        assertThat(client.awaitTexts(2, WAIT)).containsExactly("hello", "to all");
      }
      // The excluded client's first message is the one after: it never got "hello".
      assertThat(all.get(0).awaitText(WAIT)).isEqualTo("to all");
    }
  }

  @Test
  void concurrentBroadcastsFromEightThreadsLoseAndDuplicateNothing() throws Exception {
    int clients = 10;
    int threads = 8;
    int perThread = 500;
    try (TestServer<String> server = TestServer.start(transport)) {
      List<TestClient> all = IntStream.range(0, clients).mapToObj(i -> server.connect("c" + i)).toList();
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == clients);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          senders.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      server.manager.broadcast(thread + ":" + i);
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
      assertThat(server.manager.stats().messagesOut()).isEqualTo((long) expected * clients);
    }
  }
}
