package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServer;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StartWithoutRedisIT {

  @Test
  void nodesServeLocallyWithoutRedisAndJoinUpWhenItAppears() {
    int port = RedisServer.freePort();
    URI uri = URI.create("redis://127.0.0.1:" + port);
    try (Node a = Node.start("a", uri);
        Node b = Node.start("b", uri)) {
      TestClient alice = a.connect("alice");
      TestClient bob = b.connect("bob");

      assertThat(a.manager.broadcast("local only")).isEqualTo(1);
      assertThat(alice.awaitText(Duration.ofSeconds(5))).isEqualTo("local only");
      assertThat(a.manager.liveNodes()).containsExactly("a");
      assertThat(a.nodesOf("alice")).containsExactly("a");

      try (RedisServer redis = RedisServer.start(port)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> {
                  a.manager.broadcast("probe");
                  return "probe".equals(bob.poll());
                });
        // Entries made while Redis was away are written once it is there.
        await().atMost(Duration.ofSeconds(5)).until(() -> a.nodesOf("bob").equals(Set.of("b")));
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> a.manager.liveNodes().equals(Set.of("a", "b")));
        assertThat(bob.poll()).isNotEqualTo("local only");
      }
    }
  }
}
