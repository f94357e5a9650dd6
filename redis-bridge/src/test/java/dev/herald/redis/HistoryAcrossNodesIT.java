package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.HistoryPolicy;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publications of a topic with history, between two managers sharing one Redis. */
class HistoryAcrossNodesIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final HistoryPolicy POLICY =
      HistoryPolicy.of("room:*", 100, Duration.ofMinutes(1));

  @Test
  void aPublishReachesTheMembersOnBothNodesOnceAndInOrder() {
    try (Node a = Node.start("a", redis.server().uri(), POLICY);
        Node b = Node.start("b", redis.server().uri(), POLICY)) {
      TestClient alice = a.connect("alice");
      TestClient bob = b.connect("bob");
      TestClient carol = b.connect("carol");
      assertThat(a.manager.join(a.connectionOf("alice"), "room:1")).isTrue();
      assertThat(b.manager.join(b.connectionOf("bob"), "room:1")).isTrue();
      assertThat(b.manager.join(b.connectionOf("carol"), "room:1")).isTrue();
      Node.awaitSubscribers(redis.server(), "herald:history:room:1", 2);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () ->
                  a.bridge
                      .history()
                      .read("room:1", null, 1)
                      .toCompletableFuture()
                      .get(5, TimeUnit.SECONDS)
                      .covered());

      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        sent.add("m" + i);
        a.manager.publish("room:1", "m" + i);
      }
      a.manager.publish("room:1", "end");

      for (TestClient client : List.of(alice, bob, carol)) {
        List<String> got = client.awaitTexts(201, Duration.ofSeconds(10));
        assertThat(got.subList(0, 200)).isEqualTo(sent);
        assertThat(got.get(200)).isEqualTo("end");
      }
      assertThat(a.manager.stats().brokerPublishFailures()).isZero();
      // Nothing else follows: a last publication is the next thing each client gets.
      a.manager.publish("room:1", "fence");
      for (TestClient client : List.of(alice, bob, carol)) {
        assertThat(client.awaitText(Duration.ofSeconds(10))).isEqualTo("fence");
      }
    }
  }
}
