package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.HeartbeatPolicy;
import dev.herald.InboundPolicy;
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
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 100; i++) {
        batch.writeBytes(RawClient.frame(0x81, new byte[] {'m'}, true));
      }
      byte[] hundred = batch.toByteArray();
      AtomicBoolean stop = new AtomicBoolean();
      // Goes on sending while the server closes, as a flooder does, until the socket fails.
      Thread writer =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    flooder.send(hundred);
                  }
                } catch (IOException e) {
                  // The server closed the connection.
                }
              },
              "flooder");
      writer.start();
      try {
        RawClient.RawFrame close = flooder.readClose();

        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(close.closeReason()).isEqualTo("rate limit: over 100 messages/s");
      } finally {
        stop.set(true);
        writer.join(WAIT.toMillis());
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
}
