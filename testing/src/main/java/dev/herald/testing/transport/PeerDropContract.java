package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A peer that vanishes in the middle of a message is a closed connection (1006), counted as the
 * peer's close: an everyday event of the network, not an anomaly of the node, so it logs no WARN
 * that a crowd of such peers could flood the log with.
 */
interface PeerDropContract extends TransportFixture {
  int PEERS = 50;

  @Test
  default void peersThatResetInTheMiddleOfAMessageAreClosedWith1006AndNoWarning() throws Exception {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));

    List<RawClient> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      peers.add(RawClient.handshake(served.uri("dropper-" + i)));
    }
    await().atMost(WAIT).until(() -> served.manager().stats().activeConnections() == PEERS);

    String logged;
    try (LogCapture log = LogCapture.start()) {
      for (int i = 0; i < PEERS; i++) {
        // Half of them stop inside a frame, half after the first fragment of a message.
        RawClient peer = peers.get(i);
        peer.output().write(i % 2 == 0 ? halfAFrame() : firstFragment());
        peer.output().flush();
        peer.reset();
      }
      await().atMost(WAIT).until(() -> listener.closed().size() == PEERS);
      logged = log.text();
    }

    assertThat(listener.closed().values())
        .extracting(CloseStatus::code, CloseStatus::cause)
        .containsOnly(tuple(1006, CloseCause.PEER));
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isEqualTo(PEERS);
    assertThat(served.manager().stats().activeConnections()).isZero();
    assertThat(logged).doesNotContain("WARN").doesNotContain("ERROR");
  }

  /** Returns the head of a masked text frame of 1,000 bytes and its first 100 bytes. */
  private static byte[] halfAFrame() throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | 126);
    frame.write(1000 >>> 8);
    frame.write(1000 & 0xFF);
    frame.write(mask());
    frame.write(new byte[100]);
    return frame.toByteArray();
  }

  /** Returns a whole masked text frame that is not final: the first fragment of a message. */
  private static byte[] firstFragment() throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x01);
    frame.write(0x80 | 10);
    frame.write(new byte[4]);
    frame.write("0123456789".getBytes(StandardCharsets.US_ASCII));
    return frame.toByteArray();
  }

  private static byte[] mask() {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    return mask;
  }
}
