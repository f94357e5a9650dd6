package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CrossNodeBroadcastIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final int MESSAGES = 10_000;

  @Test
  void tenThousandBroadcastsArriveOncePerConnectionInOrderOnEveryNode() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri());
        Node c = Node.start("c", redis.server().uri())) {
      Map<String, TestClient> clients =
          Map.of(
              "a1",
              a.connect("a1"),
              "a2",
              a.connect("a2"),
              "b1",
              b.connect("b1"),
              "b2",
              b.connect("b2"),
              "c1",
              c.connect("c1"),
              "c2",
              c.connect("c2"));
      Node.awaitSubscribers(redis.server(), "herald:all", 3);

      List<String> sent = new ArrayList<>(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        String message = "m" + i;
        sent.add(message);
        a.manager.broadcast(message);
      }
      a.manager.broadcast("end");

      clients.forEach(
          (name, client) -> {
            assertThat(client.awaitTexts(MESSAGES, Duration.ofSeconds(10)))
                .as(name)
                .isEqualTo(sent);
            assertThat(client.awaitText(Duration.ofSeconds(5))).as(name).isEqualTo("end");
          });
      assertThat(b.manager.stats().gaps()).isZero();
      assertThat(c.manager.stats().gaps()).isZero();
    }
  }

  @Test
  void broadcastsFromEveryNodeAtOnceKeepEachPublishersOrder() throws Exception {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri());
        Node c = Node.start("c", redis.server().uri())) {
      List<Node> nodes = List.of(a, b, c);
      List<TestClient> clients = List.of(a.connect("x"), b.connect("y"), c.connect("z"));
      Node.awaitSubscribers(redis.server(), "herald:all", 3);

      int each = 3_000;
      List<Thread> publishers = new ArrayList<>();
      for (Node node : nodes) {
        Thread publisher =
            new Thread(
                () -> {
                  for (int i = 0; i < each; i++) {
                    node.manager.broadcast(node.id + ":" + i);
                  }
                });
        publisher.start();
        publishers.add(publisher);
      }
      for (Thread publisher : publishers) {
        publisher.join();
      }

      for (TestClient client : clients) {
        Map<String, Integer> next = new java.util.HashMap<>(Map.of("a", 0, "b", 0, "c", 0));
        for (String message : client.awaitTexts(3 * each, Duration.ofSeconds(10))) {
          String origin = message.substring(0, 1);
          assertThat(message).isEqualTo(origin + ":" + next.get(origin));
          next.merge(origin, 1, Integer::sum);
        }
        assertThat(client.poll()).isNull();
      }
    }
  }
}
