package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoutingIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void topicPublishReachesOnlyTheMembersOnOtherNodes() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri());
        Node c = Node.start("c", redis.server().uri())) {
      TestClient onA = a.connect("alice");
      TestClient member = b.connect("bob");
      TestClient notMember = b.connect("bart");
      TestClient onC = c.connect("carol");
      Node.awaitSubscribers(redis.server(), "herald:all", 3);

      b.manager.join(b.connectionOf("bob"), "news");
      Node.awaitSubscribers(redis.server(), "herald:topic:news", 1);
      a.manager.publish("news", "headline");
      a.manager.broadcast("end");

      assertThat(member.awaitTexts(2, TIMEOUT)).containsExactly("headline", "end");
      for (TestClient other : List.of(onA, notMember, onC)) {
        assertThat(other.awaitText(TIMEOUT)).isEqualTo("end");
      }
    }
  }

  @Test
  void aNodeUnsubscribesFromATopicWhenItsLastMemberLeaves() {
    try (Node a = Node.start("a", redis.server().uri())) {
      a.connect("alice");
      a.connect("anna");
      a.manager.join(a.connectionOf("alice"), "news");
      a.manager.join(a.connectionOf("anna"), "news");
      Node.awaitSubscribers(redis.server(), "herald:topic:news", 1);

      a.manager.leave(a.connectionOf("alice"), "news");
      a.manager.leave(a.connectionOf("anna"), "news");
      Node.awaitSubscribers(redis.server(), "herald:topic:news", 0);

      a.manager.join(a.connectionOf("anna"), "news");
      Node.awaitSubscribers(redis.server(), "herald:topic:news", 1);
    }
  }

  @Test
  void sendToClientReachesOnlyTheNodesThatHoldTheClient() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri());
        Node c = Node.start("c", redis.server().uri())) {
      TestClient onA = a.connect("alice");
      TestClient bobOnB1 = b.connect("bob");
      TestClient bobOnB2 = b.connect("bob");
      TestClient bartOnB = b.connect("bart");
      TestClient bobOnC = c.connect("bob");
      TestClient carolOnC = c.connect("carol");
      Node.awaitSubscribers(redis.server(), "herald:all", 3);
      // Redis routes it: the nodes that hold bob, and only those, subscribe to his channel.
      Node.awaitSubscribers(redis.server(), "herald:client:bob", 2);
      Node.awaitSubscribers(redis.server(), "herald:client:carol", 1);
      long lookups = hvalsCalls();

      for (int i = 0; i < 100; i++) {
        assertThat(a.manager.sendToClient("bob", "for bob " + i)).isZero();
      }
      a.manager.broadcast("end");

      assertThat(hvalsCalls()).as("no registry round trip per send").isEqualTo(lookups);
      for (TestClient bob : List.of(bobOnB1, bobOnB2, bobOnC)) {
        List<String> got = bob.awaitTexts(100, TIMEOUT);
        assertThat(got).first().isEqualTo("for bob 0");
        assertThat(got).last().isEqualTo("for bob 99");
      }

      for (TestClient bob : List.of(bobOnB1, bobOnB2, bobOnC)) {
        assertThat(bob.awaitText(TIMEOUT)).isEqualTo("end");
      }
      for (TestClient other : List.of(onA, bartOnB, carolOnC)) {
        assertThat(other.awaitText(TIMEOUT)).isEqualTo("end");
      }
    }
  }

  @Test
  void aNodeThatHoldsNoConnectionOfTheClientReceivesNothingForIt() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri());
        Node c = Node.start("c", redis.server().uri())) {
      TestClient bob = b.connect("bob");
      TestClient carol = c.connect("carol");
      Node.awaitSubscribers(redis.server(), "herald:all", 3);
      Node.awaitSubscribers(redis.server(), "herald:client:bob", 1);
      assertThat(redis.server().call("PUBSUB NUMSUB herald:node:b herald:node:c"))
          .isEqualTo("herald:node:b\n:1\nherald:node:c\n:1");
      String bobsConnection = b.connectionOf("bob");

      for (int i = 0; i < 100; i++) {
        a.manager.sendToClient("bob", "to client " + i);
        a.manager.sendTo(bobsConnection, "to connection " + i);
      }
      a.manager.broadcast("end");

      assertThat(bob.awaitTexts(201, TIMEOUT)).last().isEqualTo("end");
      assertThat(carol.awaitText(TIMEOUT)).isEqualTo("end");
      assertThat(b.manager.stats().brokerReceived()).isEqualTo(201);
      assertThat(c.manager.stats().brokerReceived()).as("only the broadcast").isEqualTo(1);
    }
  }

  @Test
  void sendToAConnectionOfAnotherNodeReachesOnlyThatConnection() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri())) {
      TestClient target = b.connect("bob");
      TestClient sameClientOtherConnection = b.connect("bob");
      TestClient onA = a.connect("alice");
      Node.awaitSubscribers(redis.server(), "herald:all", 2);
      String targetId =
          b.manager.connectionsOf("bob").stream()
              .map(connection -> connection.id())
              .sorted()
              .findFirst()
              .orElseThrow();
      TestClient first = targetId.endsWith(".1") ? target : sameClientOtherConnection;
      TestClient second = first == target ? sameClientOtherConnection : target;

      assertThat(a.manager.sendTo(targetId, "just you")).isTrue();
      a.manager.broadcast("end");

      assertThat(first.awaitTexts(2, TIMEOUT)).containsExactly("just you", "end");
      assertThat(second.awaitText(TIMEOUT)).isEqualTo("end");
      assertThat(onA.awaitText(TIMEOUT)).isEqualTo("end");
    }
  }

  private static long hvalsCalls() {
    String stats = redis.server().call("INFO commandstats");
    for (String line : stats.split("\\R")) {
      if (line.startsWith("cmdstat_hvals:calls=")) {
        return Long.parseLong(line.substring(20, line.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  void clusterViewsCountEveryLiveNodeFromMemory() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri())) {
      a.connect("alice");
      b.connect("bob");
      b.connect("bart");

      await().atMost(TIMEOUT).until(() -> a.manager.liveNodes().equals(Set.of("a", "b")));
      await().atMost(TIMEOUT).until(() -> a.manager.clusterConnections() == 3);
      assertThat(b.nodesOf("alice")).containsExactly("a");
      assertThat(b.nodesOf("nobody")).isEmpty();
    }
  }

  @Test
  void twoPrefixesOnOneRedisDoNotHearEachOther() {
    try (Node a = Node.start("a", redis.server().uri());
        Node other = Node.start("b", RedisBridge.builder(redis.server().uri()).prefix("other"))) {
      TestClient onOther = other.connect("bob");
      Node.awaitSubscribers(redis.server(), "herald:all", 1);
      Node.awaitSubscribers(redis.server(), "other:all", 1);

      a.manager.broadcast("not for you");
      other.manager.broadcast("end");

      assertThat(onOther.awaitText(TIMEOUT)).isEqualTo("end");
      assertThat(a.manager.liveNodes()).containsExactly("a");
    }
  }
}
