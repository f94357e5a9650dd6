package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inbound rate limit is the operator's to set: raised, off, or the default. */
class RateLimitTest {
  private EchoBroadcastServer server;

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(2));
  }

  @Test
  void withoutALimitAFastClientStaysConnected() {
    server = Servers.start("--rate-limit", "0");
    TestClient fast = Wire.connect(Protocol.TEXT, server.webSocketPort(), "fast");
    fast.awaitText(TIMEOUT);

    for (int i = 0; i < 2_000; i++) {
      fast.send("m" + i);
    }

    assertThat(fast.awaitTexts(2_000, TIMEOUT)).last().isEqualTo("Echo: m1999");
    assertThat(fast.isClosed()).isFalse();
    fast.close();
  }

  @Test
  void aLowLimitClosesTheFloodWith1008() {
    server = Servers.start("--rate-limit", "10");
    TestClient flood = Wire.connect(Protocol.TEXT, server.webSocketPort(), "flood");
    flood.awaitText(TIMEOUT);

    for (int i = 0; i < 200; i++) {
      flood.send("m" + i);
    }

    assertThat(flood.awaitClose(TIMEOUT).code()).isEqualTo(1008);
  }
}
