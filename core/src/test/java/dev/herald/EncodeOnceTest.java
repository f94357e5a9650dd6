package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.RecordingTransport;
import dev.herald.spi.Codec;
import dev.herald.spi.Frame;
import dev.herald.spi.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves rule 1 of the design: a broadcast or publish encodes once and frames once, and every
 * target gets the same frame, whatever its transport. In process, so that 10,000 targets cost no
 * sockets.
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
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(countingCodec).build();

  // Left running, its sweep would close the 10,000 idle connections later, in another test's logs.
  @AfterEach
  void stop() {
    manager.shutdown(Duration.ZERO);
  }

  @Test
  void broadcastToTenThousandTargetsEncodesOnceAndFramesOnce() {
    List<RecordingTransport> transports = open(TARGETS);

    int delivered = manager.broadcast("news");

    assertThat(delivered).isEqualTo(TARGETS);
    assertThat(encodes).hasValue(1);
    Frame shared = transports.get(0).frames().get(0);
    assertThat(transports).allSatisfy(t -> assertThat(t.frames()).singleElement().isSameAs(shared));
  }

  @Test
  void publishToATopicEncodesOnceAndFramesOnce() {
    List<RecordingTransport> transports = open(TARGETS);
    for (Connection<String> connection : manager.connectionsOf("client")) {
      connection.join("topic");
    }

    int delivered = manager.publish("topic", "news");

    assertThat(delivered).isEqualTo(TARGETS);
    assertThat(encodes).hasValue(1);
    Frame shared = transports.get(0).frames().get(0);
    assertThat(transports).allSatisfy(t -> assertThat(t.frames()).singleElement().isSameAs(shared));
  }

  private List<RecordingTransport> open(int count) {
    List<RecordingTransport> transports = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      transports.add(RecordingTransport.open(manager, "client"));
    }
    return transports;
  }
}
