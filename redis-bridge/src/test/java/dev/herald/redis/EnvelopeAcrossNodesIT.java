package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Delivery;
import dev.herald.DropReason;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import dev.herald.fixtures.UpperCaseBinaryCodec;
import dev.herald.spi.Codec;
import dev.herald.testing.RawClient;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shows that what another node sends keeps its protocols and its delivery mode. */
class EnvelopeAcrossNodesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void nodesWhoseProtocolsDifferGiveEachConnectionItsOwnProtocolsBytes() {
    try (Node a =
            Node.start(
                "a",
                RedisBridge.builder(redis.server().uri()),
                m ->
                    m.protocol("upper", new UpperCaseBinaryCodec())
                        .protocol("plain", Codec.text()));
        Node b =
            Node.start(
                "b",
                RedisBridge.builder(redis.server().uri()),
                m ->
                    m.protocol("plain", Codec.text())
                        .protocol("upper", new UpperCaseBinaryCodec())
                        .protocol("extra", Codec.text()))) {
      TestClient byDefault = b.connect("d");
      TestClient upper = b.connect("u", List.of("upper"));
      TestClient plain = b.connect("p", List.of("plain"));
      TestClient extra = b.connect("e", List.of("extra"));
      assertThat(extra.subprotocol()).isEqualTo("extra");
      Node.awaitSubscribers(redis.server(), "herald:all", 2);

      a.manager.broadcast("hi");
      a.manager.broadcast("end");

      assertThat(byDefault.awaitTexts(2, TIMEOUT)).containsExactly("hi", "end");
      assertThat(plain.awaitTexts(2, TIMEOUT)).containsExactly("hi", "end");
      assertThat(new String(upper.awaitBinary(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("HI");
      assertThat(new String(upper.awaitBinary(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("END");
      assertThat(b.manager.stats().drops(DropReason.NO_PAYLOAD)).isEqualTo(2);
      assertThat(extra.poll()).isNull();
      assertThat(extra.isClosed()).isFalse();
    }
  }

  @Test
  void aVolatileBroadcastStaysVolatileOnTheNodesItReaches() throws Exception {
    try (Node a = Node.start("a", redis.server().uri());
        Node b =
            Node.start(
                "b",
                RedisBridge.builder(redis.server().uri()),
                m ->
                    m.outbound(
                        OutboundPolicy.defaults()
                            .limit(64 * 1024)
                            .onOverflow(Overflow.DISCONNECT)));
        RawClient sleeper = RawClient.open(b.port, 4096)) {
      sleeper.sendUpgrade("/ws/sleeper", "");
      await().atMost(TIMEOUT).until(() -> b.manager.connectionsOf("sleeper").size() == 1);
      Node.awaitSubscribers(redis.server(), "herald:all", 2);
      // Twice what the kernel's socket buffers hold at most (4 MiB), so that the queue fills.
      String chunk = "x".repeat(32 * 1024);

      for (int i = 0; i < 300; i++) {
        a.manager.broadcast(chunk, null, Delivery.VOLATILE);
      }
      await().atMost(TIMEOUT).until(() -> b.manager.stats().drops(DropReason.QUEUE_FULL) > 0);
      assertThat(b.manager.stats().closes(CloseCause.SLOW_CONSUMER)).isZero();
      assertThat(b.manager.connectionsOf("sleeper")).hasSize(1);

      for (int i = 0; i < 300; i++) {
        a.manager.broadcast(chunk);
      }
      await().atMost(TIMEOUT).until(() -> b.manager.stats().closes(CloseCause.SLOW_CONSUMER) == 1);
    }
  }
}
