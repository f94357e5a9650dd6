package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.ConnectionInfo;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acts on a client's connections on other nodes: list them, join and leave topics, close them. */
class ClusterControlIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void aNodeThatHoldsNoneOfAClientsConnectionsListsJoinsAndClosesThem() throws Exception {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri());
        Node c = Node.start("c", redis.server().uri())) {
      TestClient bobOnB = b.connect("bob");
      TestClient bobOnC = c.connect("bob");
      TestClient carol = c.connect("carol");
      b.manager.join(b.connectionOf("bob"), "x");
      Node.awaitSubscribers(redis.server(), "herald:client:bob", 2);
      await().atMost(TIMEOUT).until(() -> a.nodesOf("bob").equals(Set.of("b", "c")));

      List<ConnectionInfo> listed = fetch(a, "bob");
      assertThat(listed).extracting(ConnectionInfo::node).containsExactlyInAnyOrder("b", "c");
      assertThat(listed)
          .extracting(ConnectionInfo::id)
          .containsExactlyInAnyOrder(b.connectionOf("bob"), c.connectionOf("bob"));
      assertThat(listed).allMatch(info -> !info.connectedAt().isAfter(Instant.now()));
      assertThat(
              listed.stream().filter(i -> i.node().equals("b")).findFirst().orElseThrow().topics())
          .containsExactly("x");

      assertThat(a.manager.joinClient("bob", "vip")).isZero();
      await()
          .atMost(TIMEOUT)
          .until(() -> topicsOf(b, "bob").contains("vip") && topicsOf(c, "bob").contains("vip"));
      a.manager.publish("vip", "for vips");
      a.manager.broadcast("end");
      assertThat(bobOnB.awaitTexts(2, TIMEOUT)).containsExactly("for vips", "end");
      assertThat(bobOnC.awaitTexts(2, TIMEOUT)).containsExactly("for vips", "end");
      assertThat(carol.awaitText(TIMEOUT)).isEqualTo("end");

      a.manager.leaveClient("bob", "vip");
      await()
          .atMost(TIMEOUT)
          .until(() -> !topicsOf(b, "bob").contains("vip") && !topicsOf(c, "bob").contains("vip"));
      assertThat(topicsOf(b, "bob")).containsExactly("x");

      assertThat(a.manager.disconnectClient("bob", 4000, "moved")).isZero();
      assertThat(bobOnB.awaitClose(TIMEOUT)).isEqualTo(new TestClient.Closure(4000, "moved"));
      assertThat(bobOnC.awaitClose(TIMEOUT)).isEqualTo(new TestClient.Closure(4000, "moved"));
      await().atMost(TIMEOUT).until(() -> fetch(a, "bob").isEmpty());
      assertThat(carol.isClosed()).isFalse();
      assertThat(fetch(a, "carol")).extracting(ConnectionInfo::node).containsExactly("c");
    }
  }

  @Test
  void theListingComesFromMemoryOnTheNodeThatHoldsTheClient() throws Exception {
    try (Node a = Node.start("a", redis.server().uri())) {
      a.connect("alice");
      a.connect("alice");

      List<ConnectionInfo> listed = fetch(a, "alice");

      assertThat(listed).hasSize(2).allMatch(info -> info.node().equals("a"));
      assertThat(fetch(a, "nobody")).isEmpty();
    }
  }

  private static List<ConnectionInfo> fetch(Node node, String clientId) throws Exception {
    return node.manager
        .fetchConnections(clientId, Duration.ofSeconds(2))
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static Set<String> topicsOf(Node node, String clientId) {
    return node.manager.connectionsOf(clientId).stream()
        .map(Connection::topics)
        .flatMap(Set::stream)
        .collect(Collectors.toSet());
  }
}
