package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.BrokerState;
import dev.herald.ConnectionManager;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

class ClusterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void twoApplicationsOnOneRedisBroadcastToEachOthersClients() {
    try (RedisServer redis = RedisServer.start();
        ConfigurableApplicationContext one = node(redis, "one");
        ConfigurableApplicationContext two = node(redis, "two");
        TestClient alice = TestClient.connect(ChatApp.ws(one, "/ws/alice"));
        TestClient bob = TestClient.connect(ChatApp.ws(two, "/ws/bob"))) {
      ConnectionManager<?> first = one.getBean(ConnectionManager.class);
      ConnectionManager<?> second = two.getBean(ConnectionManager.class);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  first.stats().broker() == BrokerState.CONNECTED
                      && second.stats().broker() == BrokerState.CONNECTED
                      && second.stats().activeConnections() == 1);

      alice.send("hi");

      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: hi");
      assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Client alice says: hi");
      assertThat(first.nodeId()).isEqualTo("one");
    }
  }

  private static ConfigurableApplicationContext node(RedisServer redis, String id) {
    return ChatApp.start("herald.node-id=" + id, "herald.redis.url=" + redis.uri());
  }
}
