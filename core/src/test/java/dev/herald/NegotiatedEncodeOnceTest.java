package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.fixtures.RecordingListener;
import dev.herald.fixtures.RecordingTransport;
import dev.herald.fixtures.UpperCaseBinaryCodec;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** With two protocols, a broadcast encodes once per protocol in use, not once per connection. */
class NegotiatedEncodeOnceTest {
  private final AtomicInteger textEncodes = new AtomicInteger();
  private final AtomicInteger binaryEncodes = new AtomicInteger();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(counting(Codec.text(), textEncodes))
          .protocol("upper", counting(new UpperCaseBinaryCodec(), binaryEncodes))
          .scheduler(new ManualScheduler())
          .build();

  @Test
  void eachProtocolEncodesOncePerBroadcast() {
    RecordingTransport[] plain = open(500, null);
    RecordingTransport[] upper = open(500, "upper");

    manager.broadcast("hello");

    assertThat(textEncodes).hasValue(1);
    assertThat(binaryEncodes).hasValue(1);
    assertThat(plain[0].payloads()).containsExactly(Payload.text("hello"));
    assertThat(upper[0].payloads())
        .containsExactly(Payload.binary("HELLO".getBytes(StandardCharsets.UTF_8)));
    assertThat(plain[499].frames().get(0)).isSameAs(plain[0].frames().get(0));
    assertThat(upper[499].frames().get(0)).isSameAs(upper[0].frames().get(0));
  }

  @Test
  void aProtocolNobodyUsesIsNeverEncoded() {
    open(10, null);

    manager.broadcast("hello");

    assertThat(textEncodes).hasValue(1);
    assertThat(binaryEncodes).hasValue(0);
  }

  @Test
  void inboundMessagesAreDecodedWithTheConnectionsCodec() {
    RecordingListener<String> listener = new RecordingListener<>();
    ConnectionManager<String> decoding =
        ConnectionManager.builder(Codec.text())
            .protocol("upper", new UpperCaseBinaryCodec())
            .listener(listener)
            .scheduler(new ManualScheduler())
            .build();
    RecordingTransport transport = RecordingTransport.open(decoding, "c", "upper");

    transport.link().onMessage(Payload.binary("shout".getBytes(StandardCharsets.UTF_8)));

    assertThat(listener.messages()).containsExactly("SHOUT");
    assertThat(listener.opened().values().iterator().next().subprotocol()).isEqualTo("upper");
    assertThat(decoding.connector().subprotocols()).containsExactly("upper");
  }

  private RecordingTransport[] open(int count, @Nullable String subprotocol) {
    RecordingTransport[] transports = new RecordingTransport[count];
    for (int i = 0; i < count; i++) {
      transports[i] = RecordingTransport.open(manager, "c" + i, subprotocol);
    }
    return transports;
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
