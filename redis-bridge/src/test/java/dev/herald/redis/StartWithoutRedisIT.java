package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Delivery;
import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestClient;
import dev.herald.testing.cluster.RecordingSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nodes started before Redis: they serve alone, keep what they owe the cluster, and join up. */
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

  @Test
  void appendsMadeBeforeRedisIsThereWaitForItAndKeepTheirOrder() throws Exception {
    int port = RedisServer.freePort();
    try (RedisBridge bridge =
        RedisBridge.builder(URI.create("redis://127.0.0.1:" + port)).build()) {
      History history = bridge.history();
      history.start("a", new RecordingSink());
      History.Retention retention = new History.Retention(100, Duration.ofMinutes(1));
      List<CompletableFuture<Position>> appended = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        appended.add(history.append(envelope("m" + i), retention).toCompletableFuture());
      }
      assertThat(appended).as("waiting, not failed").noneMatch(CompletableFuture::isDone);

      try (RedisServer redis = RedisServer.start(port)) {
        List<Long> offsets = new ArrayList<>();
        for (CompletableFuture<Position> append : appended) {
          offsets.add(append.get(10, TimeUnit.SECONDS).offset());
        }
        assertThat(offsets).containsExactly(1L, 2L, 3L, 4L, 5L);
        String epoch = appended.get(0).get().epoch();
        History.Window window =
            history
                .read("room:1", new Position(epoch, 0), 10)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(window.entries())
            .extracting(
                entry ->
                    ((Payload.Text) entry.envelope().payloads().get(Envelope.DEFAULT_PROTOCOL))
                        .text())
            .containsExactly("m0", "m1", "m2", "m3", "m4");
      }
    }
  }

  private static Envelope envelope(String text) {
    return Envelope.of(
        Envelope.Kind.TOPIC,
        "room:1",
        null,
        null,
        Map.of(Envelope.DEFAULT_PROTOCOL, Payload.text(text)),
        Delivery.STANDARD);
  }

  @Test
  void aHistoryReadMadeBeforeRedisIsThereWaitsForIt() throws Exception {
    int port = RedisServer.freePort();
    try (RedisBridge bridge =
        RedisBridge.builder(URI.create("redis://127.0.0.1:" + port)).build()) {
      History history = bridge.history();
      history.start("a", new RecordingSink());
      CompletableFuture<History.Window> read =
          history.read("room:1", null, 10).toCompletableFuture();

      try (RedisServer redis = RedisServer.start(port)) {
        History.Window window = read.get(10, TimeUnit.SECONDS);
        assertThat(window.top().offset()).isZero();
        assertThat(window.covered()).isTrue();
      }
    }
  }
}
