package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.BrokerState;
import dev.herald.Gap;
import dev.herald.testing.RedisServer;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
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
    // Bob's node comes back 3 s after Redis drops it, so that the burst below surely falls into
    // the hole, however busy the machine: with the bridge's own 100 ms it may come after the
    // resubscribe and arrive, and then nothing would be shown.
    ClientResources slowToReconnect =
        DefaultClientResources.builder()
            .reconnectDelay(Delay.constant(Duration.ofSeconds(3)))
            .build();
    try (Node a = Node.start("a", redis.server().uri());
        Node b =
            Node.start(
                "b", RedisBridge.builder(redis.server().uri()).clientResources(slowToReconnect))) {
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

      await().atMost(TIMEOUT).until(() -> b.missed() == 20);
      assertThat(bob.poll()).as("nothing of the burst arrived").isNull();
      assertThat(b.gaps)
          .allMatch(gap -> gap.scope() == Gap.Scope.TOPIC && gap.name().equals("news"));
      assertThat(b.manager.stats().gaps()).isEqualTo(b.missed());
    } finally {
      slowToReconnect.shutdown();
    }
  }
}
