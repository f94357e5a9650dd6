package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.BrokerState;
import dev.herald.Gap;
import dev.herald.testing.RedisServer;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shows that no message lost between nodes goes uncounted, and that each loss names its scope. */
class LossVisibilityIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void whatANodeSentBeforeItFirstReachedRedisIsCountedThereAndAHoleForItsPeers() {
    int port = RedisServer.freePort();
    URI uri = URI.create("redis://127.0.0.1:" + port);
    try (Node a = Node.start("a", uri)) {
      TestClient alice = a.connect("alice");
      for (int i = 0; i < 5; i++) {
        a.manager.broadcast("early " + i);
      }
      assertThat(alice.awaitTexts(5, TIMEOUT)).hasSize(5);
      assertThat(a.manager.stats().brokerPublishFailures()).isEqualTo(5);
      assertThat(a.manager.stats().broker()).isEqualTo(BrokerState.CONNECTING);

      try (RedisServer late = RedisServer.start(port);
          Node b = Node.start("b", uri)) {
        TestClient bob = b.connect("bob");
        Node.awaitSubscribers(late, "herald:all", 2);
        await().atMost(TIMEOUT).until(() -> a.manager.stats().broker() == BrokerState.CONNECTED);

        a.manager.broadcast("after");

        assertThat(bob.awaitText(TIMEOUT)).isEqualTo("after");
        await().atMost(TIMEOUT).until(() -> b.missed() == 5);
        assertThat(b.gaps).allMatch(gap -> gap.originNode().equals("a"));
        assertThat(b.gaps).allMatch(gap -> gap.scope() == Gap.Scope.ALL);
        assertThat(a.states).containsExactly(BrokerState.CONNECTED);
      }
    }
  }

  @Test
  void lossAtTheEndOfABurstShowsWithoutAnotherMessageAndNamesTheTopic() {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri())) {
      a.connect("alice");
      TestClient bob = b.connect("bob");
      b.manager.join(b.connectionOf("bob"), "news");
      Node.awaitSubscribers(redis.server(), "herald:topic:news", 1);
      for (int i = 0; i < 50; i++) {
        a.manager.publish("news", "kept " + i);
      }
      assertThat(bob.awaitTexts(50, TIMEOUT)).hasSize(50);

      // What Redis does to a subscriber that overflows its output buffer; then the burst ends.
      assertThat(redis.server().call("CLIENT KILL TYPE pubsub")).isEqualTo(":2");
      for (int i = 0; i < 20; i++) {
        a.manager.publish("news", "lost " + i);
      }

      // Lettuce resubscribes within a few hundred milliseconds: on a busy machine the end of the
      // burst may come after it and arrive. Each message is then either received or reported lost.
      List<Object> late = new ArrayList<>();
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                for (Object message = bob.poll(); message != null; message = bob.poll()) {
                  late.add(message);
                }
                return b.missed() + late.size() == 20;
              });
      assertThat(b.missed()).as("the loss shows without another message").isPositive();
      assertThat(b.gaps)
          .allMatch(gap -> gap.scope() == Gap.Scope.TOPIC && gap.name().equals("news"));
      assertThat(late)
          .as("what arrives is the end of the burst")
          .allMatch(m -> m.toString().startsWith("lost "));
      assertThat(b.manager.stats().gaps()).isEqualTo(b.missed());
    }
  }
}
