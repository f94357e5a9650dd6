package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.CloseCause;
import dev.herald.HistoryPolicy;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import dev.herald.testing.RawClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A catch-up counts against the connection's outbound limit and goes at the pace the client reads:
 * a client that resumes 3 MB behind with a 64 KiB limit, and reads nothing for a while, is not cut
 * off as a slow consumer, and then gets every publication in order.
 */
class PacedCatchUpTest {
  private static final int MISSED = 3000;
  private static final int LIMIT = 64 * 1024;

  @Test
  void aLargeCatchUpWaitsForTheReaderInsteadOfOverflowing() throws Exception {
    try (HeraldNode node =
        new HeraldNode(
            16 * 1024,
            builder ->
                builder
                    .outbound(
                        OutboundPolicy.defaults().limit(LIMIT).onOverflow(Overflow.DISCONNECT))
                    .history(HistoryPolicy.of("room:*", 10_000, Duration.ofMinutes(5))))) {
      String epoch;
      try (HeraldClient client = HeraldClient.connect(node.port(), "slow")) {
        epoch = client.subscribe(1, "room:big").path("epoch").asText();
      }
      String kilobyte = "x".repeat(1000);
      for (int i = 0; i < MISSED; i++) {
        node.manager.publish("room:big", RecoveryTest.text(kilobyte));
      }

      try (RawClient raw = RawClient.open(node.port(), 4096)) {
        raw.sendUpgrade("/ws/slow", "Sec-WebSocket-Protocol: herald.v1.json\r\n");
        assertThat(raw.readAnswer().status()).isEqualTo(101);
        raw.sendFrame(
            0x1,
            ("{\"type\":\"subscribe\",\"id\":2,\"topic\":\"room:big\",\"epoch\":\""
                    + epoch
                    + "\",\"offset\":0}")
                .getBytes(StandardCharsets.UTF_8));
        // The client reads nothing until the catch-up has filled what the sockets hold.
        long[] seen = {-1};
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> stalled(node, seen));

        assertThat(node.manager.stats().closes(CloseCause.SLOW_CONSUMER)).isZero();
        assertThat(node.manager.stats().replayed()).isLessThan(MISSED);
        assertThat(node.manager.connectionsOf("slow"))
            .singleElement()
            .satisfies(c -> assertThat(c.queuedBytes()).isLessThanOrEqualTo(2L * LIMIT));

        assertThat(frame(raw).path("type").asText()).isEqualTo("connected");
        assertThat(frame(raw).path("recovered").asBoolean()).isTrue();
        for (int offset = 1; offset <= MISSED; offset++) {
          assertThat(frame(raw).path("offset").asLong()).isEqualTo(offset);
        }
      }
      assertThat(node.manager.stats().closes(CloseCause.SLOW_CONSUMER)).isZero();
      assertThat(node.manager.stats().replayed()).isEqualTo(MISSED);
    }
  }

  /** Returns whether the catch-up made no progress since the last poll: it waits for the reader. */
  private static boolean stalled(HeraldNode node, long[] seen) {
    long now = node.manager.stats().replayed();
    boolean same = now > 0 && now == seen[0];
    seen[0] = now;
    return same;
  }

  private static JsonNode frame(RawClient raw) throws Exception {
    RawClient.RawFrame frame = raw.readFrame();
    return Wire.parse(new String(frame.payload(), StandardCharsets.UTF_8));
  }
}
