package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.ConnectionInfo;
import dev.herald.Delivery;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import dev.herald.spi.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final byte[] ORIGIN = "node-1".getBytes(StandardCharsets.UTF_8);

  @Test
  void anEnvelopeSurvivesTheRoundTripWithItsProtocolNamesAndDelivery() {
    Map<String, Payload> payloads = new LinkedHashMap<>();
    payloads.put(Envelope.DEFAULT_PROTOCOL, Payload.text("héllo"));
    payloads.put("msgpack", Payload.binary(new byte[] {0, 1, 2, (byte) 255}));
    Envelope envelope =
        Envelope.of(
            Envelope.Kind.CONNECTION,
            "node-2.k3x9a0qz.7",
            "node-2",
            "x",
            payloads,
            Delivery.VOLATILE);
    byte[] bytes = WireFormat.encode(envelope, ORIGIN);
    WireFormat.number(bytes, 42, 7, 3);

    WireFormat.Message message = WireFormat.decode(bytes);

    assertThat(message.origin()).isEqualTo("node-1");
    assertThat(message.stream()).isEqualTo(42);
    assertThat(message.number()).isEqualTo(7);
    assertThat(message.unconfirmed()).isEqualTo(3);
    assertThat(message.envelope("node-2")).isEqualTo(envelope);
    assertThat(message.envelope("node-2").payloads().keySet())
        .containsExactly(Envelope.DEFAULT_PROTOCOL, "msgpack");
  }

  @Test
  void aBroadcastWithoutExceptKeepsTheNull() {
    Envelope envelope =
        Envelope.of(
            Envelope.Kind.ALL, "", null, null, Map.of("", Payload.text("x")), Delivery.STANDARD);

    Envelope decoded = WireFormat.decode(WireFormat.encode(envelope, ORIGIN)).envelope("me");

    assertThat(decoded).isEqualTo(envelope);
    assertThat(decoded.payloads().get("")).isInstanceOf(Payload.Text.class);
  }

  @Test
  void controlsSurviveTheRoundTrip() {
    ConnectionInfo info =
        new ConnectionInfo(
            "b.k3x9a0qz.1", "bob", "b", Instant.ofEpochMilli(1_700_000_000_123L), Set.of("x", "y"));
    for (Control control :
        List.of(
            Control.disconnect("bob", 4001, "banned"),
            Control.join("bob", "news"),
            Control.leave("bob", "news"),
            Control.list("bob", 17, "a"),
            Control.listed("bob", 17, "a", "b", List.of(info, info)))) {
      WireFormat.Message message = WireFormat.decode(WireFormat.encode(control, ORIGIN));
      assertThat(message.type()).isEqualTo(WireFormat.CONTROL);
      assertThat(message.control()).isEqualTo(control);
    }
  }

  @Test
  void marksCarryTheirStreamAndNumber() {
    WireFormat.Message mark =
        WireFormat.decode(WireFormat.signal(WireFormat.MARK, ORIGIN, -5, 99, 99));

    assertThat(mark.type()).isEqualTo(WireFormat.MARK);
    assertThat(mark.stream()).isEqualTo(-5);
    assertThat(mark.number()).isEqualTo(99);
    assertThat(mark.unconfirmed()).isEqualTo(99);
    assertThat(mark.envelope()).isNull();
  }

  @Test
  void truncatedMessagesAreRejected() {
    Envelope envelope =
        Envelope.of(
            Envelope.Kind.TOPIC,
            "news",
            null,
            null,
            Map.of("", Payload.text("hi")),
            Delivery.STANDARD);
    byte[] control =
        WireFormat.encode(
            Control.listed(
                "bob",
                1,
                "a",
                "b",
                List.of(new ConnectionInfo("b.x.1", "bob", "b", Instant.EPOCH, Set.of("t")))),
            ORIGIN);
    for (byte[] bytes : List.of(WireFormat.encode(envelope, ORIGIN), control)) {
      for (int length = 0; length < bytes.length; length++) {
        byte[] truncated = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> WireFormat.decode(truncated))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void garbageIsRejectedWithoutAnyOtherException() {
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      byte[] garbage = new byte[random.nextInt(96)];
      random.nextBytes(garbage);
      if (garbage.length > 3 && random.nextBoolean()) {
        garbage[0] = 0x48;
        garbage[1] = 2;
        garbage[2] = (byte) random.nextInt(8);
        garbage[3] = (byte) random.nextInt(6);
      }
      try {
        WireFormat.decode(garbage);
      } catch (IllegalArgumentException expected) {
        // Only this exception is allowed.
      }
    }
  }
}
