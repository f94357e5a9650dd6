package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.BrokerState;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shows that a node tells whether it reaches the other nodes, and logs how an outage ended. */
class BrokerStateIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void theBrokerStateFollowsRedisAndTheEndOfAnOutageIsLoggedWithItsCount() {
    try (LogCapture log = LogCapture.start();
        Node a = Node.start("a", redis.server().uri())) {
      await().atMost(TIMEOUT).until(() -> a.manager.stats().broker() == BrokerState.CONNECTED);

      redis.server().stop();
      await().atMost(TIMEOUT).until(() -> a.manager.stats().broker() == BrokerState.DISCONNECTED);
      for (int i = 0; i < 3; i++) {
        a.manager.broadcast("while down " + i);
      }
      assertThat(a.manager.stats().brokerPublishFailures()).isEqualTo(3);
      redis.server().restart();
      await().atMost(TIMEOUT).until(() -> a.manager.stats().broker() == BrokerState.CONNECTED);
      a.manager.broadcast("after");

      assertThat(a.states)
          .containsExactly(BrokerState.CONNECTED, BrokerState.DISCONNECTED, BrokerState.CONNECTED);
      assertThat(a.manager.stats().brokerReconnects()).isEqualTo(1);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  log.text()
                      .contains(
                          "works again: 3 messages to other nodes were lost since it failed"));
    }
  }
}
