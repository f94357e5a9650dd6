package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Codec;
import dev.herald.spi.Frame;
import dev.herald.spi.Payload;
import dev.herald.testing.RecordingFramer;
import dev.herald.testing.RecordingTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Proves rule 1 of the design: a broadcast or publish encodes once and frames once per framer, and
 * every target gets the same frame. In process, on recording transports, so that 10,000 targets
 * cost no sockets.
 */
class EncodeOnceTest {
  private static final int TARGETS = 10_000;

  private final AtomicInteger encodes = new AtomicInteger();
  private final Codec<String> countingCodec =
      new Codec<>() {
        @Override
        public Payload encode(String message) {
          encodes.incrementAndGet();
          return Codec.text().encode(message);
        }

        @Override
        public String decode(Payload payload) {
          return Codec.text().decode(payload);
        }
      };
  private final ConnectionManager<String> manager = ConnectionManager.builder(countingCodec).build();

  @Test
  void broadcastToTenThousandTargetsEncodesOnceAndFramesOnce() {
    RecordingFramer framer = new RecordingFramer();
    List<RecordingTransport> transports = open(framer, TARGETS, "client");

    int delivered = manager.broadcast("news");

    assertThat(delivered).isEqualTo(TARGETS);
    assertThat(encodes).hasValue(1);
    assertThat(framer.framesBuilt()).isEqualTo(1);
    Frame shared = transports.get(0).frames().get(0);
    assertThat(transports).allSatisfy(t -> assertThat(t.frames()).singleElement().isSameAs(shared));
  }

  @Test
  void publishToATopicEncodesOnceAndFramesOnce() {
    RecordingFramer framer = new RecordingFramer();
    List<RecordingTransport> transports = open(framer, TARGETS, "client");
    for (Connection connection : manager.connectionsOf("client")) {
      manager.join(connection.id(), "topic");
    }

    int delivered = manager.publish("topic", "news");

    assertThat(delivered).isEqualTo(TARGETS);
    assertThat(encodes).hasValue(1);
    assertThat(framer.framesBuilt()).isEqualTo(1);
    Frame shared = transports.get(0).frames().get(0);
    assertThat(transports).allSatisfy(t -> assertThat(t.frames()).singleElement().isSameAs(shared));
  }

  @Test
  void twoKindsOfTransportGetOneFrameEach() {
    RecordingFramer first = new RecordingFramer();
    RecordingFramer second = new RecordingFramer();
    open(first, 100, "a");
    open(second, 100, "b");

    manager.broadcast("news");

    assertThat(encodes).hasValue(1);
    assertThat(first.framesBuilt()).isEqualTo(1);
    assertThat(second.framesBuilt()).isEqualTo(1);
  }

  private List<RecordingTransport> open(RecordingFramer framer, int count, String clientId) {
    List<RecordingTransport> transports = new ArrayList<>(count);
    Handshake handshake = Handshake.of("/ws", Map.of(), null);
    for (int i = 0; i < count; i++) {
      RecordingTransport transport = new RecordingTransport(framer);
      manager.connector().open(transport, handshake, Admission.accept(clientId), null);
      transports.add(transport);
    }
    return transports;
  }
}
