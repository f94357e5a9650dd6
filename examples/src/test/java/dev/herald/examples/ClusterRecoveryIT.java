package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.HistoryPolicy;
import dev.herald.redis.RedisBridge;
import dev.herald.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery across a cluster on a real redis-server: a client that leaves one node, misses
 * publications made on either node, and resumes on the other gets exactly those; after Redis
 * restarts without persistence, its position is not recovered.
 */
class ClusterRecoveryIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final HistoryPolicy ROOMS =
      HistoryPolicy.of("room:*", 1000, Duration.ofMinutes(1));

  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  @Test
  void aClientThatMissedPublicationsResumesOnAnotherNodeWithExactlyThose() {
    HeraldNode first = node();
    HeraldNode second = node();
    String epoch;
    long last;
    try (HeraldClient client = HeraldClient.connect(first.port(), "alice")) {
      JsonNode subscribed = client.subscribe(1, "room:lobby");
      assertThat(subscribed.path("type").asText())
          .as(subscribed.toString())
          .isEqualTo("subscribed");
      epoch = subscribed.path("epoch").asText();
      first.manager.publish("room:lobby", RecoveryTest.text("seen"));
      JsonNode seen = client.next();
      assertThat(seen.path("epoch").asText()).isEqualTo(epoch);
      last = seen.path("offset").asLong();
    }
    for (int i = 0; i < 30; i++) {
      (i % 2 == 0 ? first : second).manager.publish("room:lobby", RecoveryTest.text("missed " + i));
    }

    try (HeraldClient client = HeraldClient.connect(second.port(), "alice")) {
      client.subscribe(2, "room:lobby", epoch, last);
      JsonNode subscribed = client.next();
      assertThat(subscribed.path("recovered").asBoolean()).isTrue();
      List<String> texts = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        JsonNode publication = client.next();
        assertThat(publication.path("offset").asLong()).isEqualTo(last + 1 + i);
        texts.add(publication.path("data").path("text").asText());
        expected.add("missed " + i);
      }
      // Two nodes publishing at once: Redis orders their publications, each node's in its order.
      assertThat(texts).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(texts.stream().filter(t -> Integer.parseInt(t.substring(7)) % 2 == 0))
          .isSortedAccordingTo(
              java.util.Comparator.comparingInt(t -> Integer.parseInt(t.substring(7))));
      first.manager.publish("room:lobby", RecoveryTest.text("live"));
      JsonNode live = client.next();
      assertThat(live.path("offset").asLong()).isEqualTo(last + 31);
      assertThat(live.path("data").path("text").asText()).isEqualTo("live");
    }
    assertThat(second.manager.stats().recoveries()).isEqualTo(1);
    assertThat(second.manager.stats().replayed()).isEqualTo(30);
  }

  @Test
  void aPositionFromBeforeARedisRestartWithoutPersistenceIsNotRecovered() {
    HeraldNode node = node();
    String epoch;
    long last;
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      epoch = client.subscribe(1, "room:restart").path("epoch").asText();
      node.manager.publish("room:restart", RecoveryTest.text("before"));
      last = client.next().path("offset").asLong();
    }

    redis.server().kill();
    redis.server().restart();

    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      long[] id = {1};
      // Until the bridge is back on Redis, a subscribe that needs the history is unavailable.
      JsonNode subscribed =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> {
                    client.subscribe(++id[0], "room:restart", epoch, last);
                    return client.next();
                  },
                  frame -> frame.path("type").asText().equals("subscribed"));

      assertThat(subscribed.path("recovered").asBoolean(true)).isFalse();
      assertThat(subscribed.path("epoch").asText()).isNotEqualTo(epoch);
      node.manager.publish("room:restart", RecoveryTest.text("after"));
      JsonNode after = client.next();
      assertThat(after.path("epoch").asText()).isEqualTo(subscribed.path("epoch").asText());
      assertThat(after.path("offset").asLong()).isEqualTo(subscribed.path("offset").asLong() + 1);
    }
    assertThat(node.manager.stats().recoveryMisses()).isEqualTo(1);
  }

  private HeraldNode node() {
    RedisBridge bridge = RedisBridge.builder(redis.server().uri()).build();
    HeraldNode node =
        new HeraldNode(
            builder ->
                builder
                    .broker(bridge.broker())
                    .registry(bridge.registry())
                    .history(ROOMS, bridge.history()));
    started.add(bridge);
    started.add(node);
    return node;
  }
}
