package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServer;
import dev.herald.testing.RedisServerCluster;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the bridge against a 3-master Redis Cluster on loopback, with classic Pub/Sub. */
class RedisClusterIT {
  private static RedisServerCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisServerCluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void broadcastTopicsAndRoutingWorkAcrossAClusterOfThreeMasters() {
    try (Node a = node("a");
        Node b = node("b");
        Node c = node("c")) {
      TestClient alice = a.connect("alice");
      TestClient bob = b.connect("bob");
      TestClient carol = c.connect("carol");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> a.manager.liveNodes().equals(Set.of("a", "b", "c")));
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                a.manager.broadcast("probe");
                return "probe".equals(bob.poll()) && "probe".equals(carol.poll());
              });
      // What one node broadcasts arrives in order: past this mark, no probe is still on its way.
      a.manager.broadcast("mark");
      for (TestClient client : List.of(alice, bob, carol)) {
        while (!client.awaitText(Duration.ofSeconds(10)).equals("mark")) {
          // A probe.
        }
      }

      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        sent.add("m" + i);
        a.manager.broadcast("m" + i);
      }
      assertThat(bob.awaitTexts(1_000, Duration.ofSeconds(10))).isEqualTo(sent);
      assertThat(carol.awaitTexts(1_000, Duration.ofSeconds(10))).isEqualTo(sent);

      b.manager.join(b.connectionOf("bob"), "news");
      await().atMost(Duration.ofSeconds(10)).until(() -> a.nodesOf("bob").equals(Set.of("b")));
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                a.manager.publish("news", "headline");
                return "headline".equals(bob.poll());
              });
      a.manager.sendToClient("carol", "for carol");
      assertThat(carol.awaitText(Duration.ofSeconds(5))).isEqualTo("for carol");
      a.manager.broadcast("end");

      assertThat(carol.awaitText(Duration.ofSeconds(5))).isEqualTo("end");
      assertThat(alice.awaitTexts(1_000, Duration.ofSeconds(5))).isEqualTo(sent);
      assertThat(alice.awaitText(Duration.ofSeconds(5))).isEqualTo("end");
      String next = bob.awaitText(Duration.ofSeconds(5));
      while (next.equals("headline")) {
        next = bob.awaitText(Duration.ofSeconds(5));
      }
      assertThat(next).isEqualTo("end");
      assertThat(Stream.of(a, b, c).mapToLong(node -> node.manager.stats().brokerPublishFailures()))
          .as("no publish was rejected while Lettuce opened its connection to a master")
          .containsOnly(0L);
    }
  }

  @Test
  void aBroadcastWhileEveryMasterIsDownFailsAtOnceAndIsNotDeliveredAfterTheRestart() {
    try (Node a = node("a");
        Node b = node("b")) {
      TestClient bob = b.connect("bob");
      List<String> received = new ArrayList<>();
      awaitDelivery(a, bob, "before", received);

      long failuresBefore = a.manager.stats().brokerPublishFailures();
      try {
        cluster.masters().forEach(RedisServer::stop);
        for (int i = 0; i < 100; i++) {
          a.manager.broadcast("while down " + i);
        }
        // Well within the 5 s command timeout: rejected at once, not queued until it expires.
        await()
            .atMost(Duration.ofSeconds(2))
            .until(() -> a.manager.stats().brokerPublishFailures() >= failuresBefore + 100);
      } finally {
        cluster.masters().forEach(RedisServer::restart);
        cluster.awaitOk(Duration.ofSeconds(20));
      }

      awaitDelivery(a, bob, "after", received);
      a.manager.broadcast("end");
      String next = bob.awaitText(Duration.ofSeconds(5));
      while (!next.equals("end")) {
        received.add(next);
        next = bob.awaitText(Duration.ofSeconds(5));
      }
      assertThat(received).noneMatch(text -> text.startsWith("while down"));
    }
  }

  /** Broadcasts {@code text} from {@code from} until {@code to} receives it; keeps what came. */
  private static void awaitDelivery(Node from, TestClient to, String text, List<String> received) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              from.manager.broadcast(text);
              for (Object next = to.poll(); next != null; next = to.poll()) {
                received.add((String) next);
              }
              return received.contains(text);
            });
  }

  private static Node node(String id) {
    return Node.start(id, RedisBridge.builder(cluster.seed()).cluster().leaseTtl(Node.LEASE_TTL));
  }
}
