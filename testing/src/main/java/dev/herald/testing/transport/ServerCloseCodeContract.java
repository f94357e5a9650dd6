package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.Connection;
import dev.herald.HeartbeatPolicy;
import dev.herald.InboundPolicy;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The close code the server decides is the one its peer reads, while the socket still takes it, and
 * the close is counted under the server's cause, not as the peer's.
 */
interface ServerCloseCodeContract extends TransportFixture {

  @Test
  default void aFlooderOverTheRateReadsThe1008TheServerDecided() throws Exception {
    Echo echo = new Echo();
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(echo)
                .inbound(InboundPolicy.defaults().rate(100, 200)));
    try (RawClient flooder = served.connectRaw("flooder")) {
      try (Flood flood = Flood.start(flooder)) {
        RawClient.RawFrame close = flooder.readClose();

        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(close.closeReason()).isEqualTo("rate limit: over 100 messages/s");
      }
    }
    await().atMost(WAIT).until(() -> echo.closed().size() == 1);
    assertThat(echo.closed().values().iterator().next())
        .isEqualTo(
            new CloseStatus(1008, "rate limit: over 100 messages/s", CloseCause.RATE_LIMITED));
    assertThat(served.manager().stats().closes(CloseCause.RATE_LIMITED)).isEqualTo(1);
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isZero();
  }

  @Test
  default void aFlooderStillReadingWhatWasSentBeforeTheCloseReadsThe1008() throws Exception {
    String reply = "r".repeat(4096);
    RecordingListener<String> listener =
        new RecordingListener<>() {
          @Override
          public void onMessage(Connection<String> connection, String message) {
            connection.send(reply);
          }
        };
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(listener)
                .inbound(InboundPolicy.defaults().rate(100, 200)));
    // A small receive window: the server's replies, and its close frame after them, wait in its
    // socket while the flooder goes on sending.
    try (RawClient flooder = RawClient.open(served.base().getPort(), 4096)) {
      flooder.sendUpgrade("/ws/slow", "");
      assertThat(flooder.readAnswer().status()).isEqualTo(101);
      served.awaitOpen("slow", 1);
      try (Flood flood = Flood.start(flooder)) {
        RawClient.RawFrame close = flooder.readClose();

        assertThat(close.closeCode()).isEqualTo(1008);
      }
    }
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.RATE_LIMITED) == 1);
  }

  @Test
  default void aPeerThatDoesNotAnswerPingsReads4408() throws Exception {
    Served<String> served =
        serve(
            TransportFixture.echo()
                .heartbeat(
                    HeartbeatPolicy.defaults()
                        .interval(Duration.ofMillis(200))
                        .timeout(Duration.ofMillis(300))));
    try (RawClient silent = served.connectRaw("silent")) {
      RawClient.RawFrame close = silent.readClose();

      assertThat(close.closeCode()).isEqualTo(4408);
      assertThat(close.closeReason()).isEqualTo("heartbeat timeout: no answer within 300 ms");
      assertThat(silent.atEnd()).isTrue();
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.HEARTBEAT_TIMEOUT) == 1);
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isZero();
    assertThat(served.manager().stats().closes(CloseCause.ERROR)).isZero();
  }

  @Test
  default void aProtocolErrorIsCountedAsTheServersCauseNotThePeers() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient client = served.connectRaw("reserved-opcode")) {
      // Opcode 0x3 is reserved (RFC 6455, 5.2): the server fails the connection with 1002.
      client.send(RawClient.frame(0x83, "x".getBytes(StandardCharsets.UTF_8), true));

      RawClient.RawFrame close = client.readClose();

      assertThat(close.closeCode()).isEqualTo(1002);
      assertThat(client.atEnd()).isTrue();
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.PROTOCOL_ERROR) == 1);
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isZero();
    assertThat(served.manager().stats().closes(CloseCause.ERROR)).isZero();
  }

  /**
   * Sends one-byte text messages from a thread of its own until the socket fails or it is closed.
   */
  final class Flood implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread writer;

    private Flood(RawClient client) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 100; i++) {
        batch.writeBytes(RawClient.frame(0x81, new byte[] {'m'}, true));
      }
      byte[] hundred = batch.toByteArray();
      this.writer =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    client.send(hundred);
                  }
                } catch (IOException e) {
                  // The server closed the connection.
                }
              },
              "flood");
    }

    static Flood start(RawClient client) {
      Flood flood = new Flood(client);
      flood.writer.start();
      return flood;
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      writer.join(WAIT.toMillis());
    }
  }
}
