package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.spi.Envelope;
import dev.herald.spi.Payload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final byte[] ORIGIN = "node-1".getBytes(StandardCharsets.UTF_8);

  @Test
  void anEnvelopeSurvivesTheRoundTrip() {
    Envelope envelope =
        Envelope.of(
            Envelope.Kind.CLIENT,
            "bob",
            "node-2",
            "node-1.7",
            List.of(Payload.text("héllo"), Payload.binary(new byte[] {0, 1, 2, (byte) 255})));
    byte[] bytes = WireFormat.encode(envelope, ORIGIN, 42);
    WireFormat.setSequence(bytes, 7);

    WireFormat.Message message = WireFormat.decode(bytes);

    assertThat(message.origin()).isEqualTo("node-1");
    assertThat(message.epoch()).isEqualTo(42);
    assertThat(message.sequence()).isEqualTo(7);
    assertThat(message.envelope("node-2")).isEqualTo(envelope);
  }

  @Test
  void aBroadcastWithoutExceptKeepsTheNull() {
    Envelope envelope = Envelope.of(Envelope.Kind.ALL, "", null, null, List.of(Payload.text("x")));

    Envelope decoded = WireFormat.decode(WireFormat.encode(envelope, ORIGIN, 1)).envelope("me");

    assertThat(decoded).isEqualTo(envelope);
    assertThat(decoded.payloads().get(0)).isInstanceOf(Payload.Text.class);
  }

  @Test
  void truncatedMessagesAreRejected() {
    Envelope envelope =
        Envelope.of(Envelope.Kind.TOPIC, "news", null, null, List.of(Payload.text("hello")));
    byte[] bytes = WireFormat.encode(envelope, ORIGIN, 1);
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> WireFormat.decode(truncated))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void garbageIsRejectedWithoutAnyOtherException() {
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      if (garbage.length > 1 && random.nextBoolean()) {
        garbage[0] = 0x48;
        garbage[1] = 1;
      }
      try {
        WireFormat.decode(garbage);
      } catch (IllegalArgumentException expected) {
        // Only this exception is allowed.
      }
    }
  }
}
