package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.ManualScheduler;
import dev.herald.testing.RecordingFramer;
import dev.herald.testing.RecordingTransport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;

/** With two protocols, a broadcast encodes once per protocol in use, not once per connection. */
class NegotiatedEncodeOnceTest {
  private final AtomicInteger textEncodes = new AtomicInteger();
  private final AtomicInteger binaryEncodes = new AtomicInteger();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(counting(Codec.text(), textEncodes))
          .protocol("upper", counting(upperBinary(), binaryEncodes))
          .scheduler(new ManualScheduler())
          .build();

  @Test
  void eachProtocolEncodesOncePerBroadcast() {
    RecordingFramer framer = new RecordingFramer();
    RecordingTransport[] plain = open(framer, 500, null);
    RecordingTransport[] upper = open(framer, 500, "upper");

    manager.broadcast("hello");

    assertThat(textEncodes).hasValue(1);
    assertThat(binaryEncodes).hasValue(1);
    assertThat(framer.framesBuilt()).isEqualTo(2);
    assertThat(plain[0].payloads()).containsExactly(Payload.text("hello"));
    assertThat(upper[0].payloads()).containsExactly(Payload.binary("HELLO".getBytes(StandardCharsets.UTF_8)));
    assertThat(plain[499].frames().get(0)).isSameAs(plain[0].frames().get(0));
    assertThat(upper[499].frames().get(0)).isSameAs(upper[0].frames().get(0));
  }

  @Test
  void aProtocolNobodyUsesIsNeverEncoded() {
    open(new RecordingFramer(), 10, null);

    manager.broadcast("hello");

    assertThat(textEncodes).hasValue(1);
    assertThat(binaryEncodes).hasValue(0);
  }

  @Test
  void inboundMessagesAreDecodedWithTheConnectionsCodec() {
    RecordingListener<String> listener = new RecordingListener<>();
    ConnectionManager<String> decoding =
        ConnectionManager.builder(Codec.text())
            .protocol("upper", upperBinary())
            .listener(listener)
            .scheduler(new ManualScheduler())
            .build();
    RecordingTransport transport = new RecordingTransport(new RecordingFramer());
    var inbound = decoding.connector().open(transport, Handshake.of("/", Map.of(), null), Admission.accept("c"), "upper");

    inbound.onMessage(Payload.binary("shout".getBytes(StandardCharsets.UTF_8)));

    assertThat(listener.messages()).containsExactly("SHOUT");
    assertThat(listener.opened().values().iterator().next().subprotocol()).isEqualTo("upper");
    assertThat(decoding.connector().subprotocols()).containsExactly("upper");
  }

  private RecordingTransport[] open(RecordingFramer framer, int count, String subprotocol) {
    RecordingTransport[] transports = new RecordingTransport[count];
    for (int i = 0; i < count; i++) {
      transports[i] = new RecordingTransport(framer);
      manager.connector().open(transports[i], Handshake.of("/", Map.of(), null), Admission.accept("c" + i), subprotocol);
    }
    return transports;
  }

  /** A second wire format for the test: upper-case UTF-8 in binary frames. */
  private static Codec<String> upperBinary() {
    return new Codec<>() {
      @Override
      public Payload encode(String message) {
        return Payload.binary(message.toUpperCase().getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public String decode(Payload payload) {
        byte[] bytes = new byte[payload.size()];
        payload.bytes().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8).toUpperCase();
      }
    };
  }

  private static Codec<String> counting(Codec<String> codec, AtomicInteger encodes) {
    return new Codec<>() {
      @Override
      public Payload encode(String message) {
        encodes.incrementAndGet();
        return codec.encode(message);
      }

      @Override
      public String decode(Payload payload) {
        return codec.decode(payload);
      }
    };
  }
}
