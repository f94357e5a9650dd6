package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.fixtures.RecordingListener;
import dev.herald.fixtures.RecordingTransport;
import dev.herald.spi.Payload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every limit that ends a connection reaches the listener, stats() and one WARN log line. */
class CloseReasonsReportedTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final RecordingListener<String> listener = new RecordingListener<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .scheduler(clock)
          .listener(listener)
          .heartbeat(
              HeartbeatPolicy.defaults()
                  .interval(Duration.ofSeconds(25))
                  .timeout(Duration.ofSeconds(10)))
          .outbound(OutboundPolicy.defaults().limit(100_000))
          .inbound(InboundPolicy.defaults().rate(10, 10).onUndecodable(InboundPolicy.Action.CLOSE))
          .build();
  private PrintStream stderr;

  @BeforeEach
  void captureLog() {
    stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(stderr);
  }

  @Test
  void aSlowConsumerIsReportedEverywhere() {
    RecordingTransport peer = RecordingTransport.open(manager, "slow");
    peer.stall();
    Connection<String> connection = RecordingTransport.connectionOf(manager, "slow");

    for (int i = 0; i < 200; i++) {
      connection.send("x".repeat(1_000));
    }

    assertReported(
        peer, CloseCause.SLOW_CONSUMER, 1008, "slow consumer: send queue over 100000 bytes");
  }

  @Test
  void aHeartbeatTimeoutIsReportedEverywhere() {
    RecordingTransport peer = RecordingTransport.open(manager, "silent");

    clock.advance(Duration.ofSeconds(35));

    assertReported(
        peer, CloseCause.HEARTBEAT_TIMEOUT, 4408, "heartbeat timeout: no answer within 10000 ms");
  }

  @Test
  void aRateLimitIsReportedEverywhere() {
    RecordingTransport peer = RecordingTransport.open(manager, "flooder");

    for (int i = 0; i < 11; i++) {
      peer.link().onMessage(Payload.text("m"));
    }

    assertReported(peer, CloseCause.RATE_LIMITED, 1008, "rate limit: over 10 messages/s");
  }

  @Test
  void anUndecodableMessageIsReportedEverywhere() {
    RecordingTransport peer = RecordingTransport.open(manager, "garbage");

    peer.link().onMessage(Payload.binary(new byte[] {1}));

    // The peer is told what happened, not the codec's words for it.
    assertReported(peer, CloseCause.UNDECODABLE, 1003, "undecodable message");
    assertThat(listener.errors()).singleElement().isInstanceOf(CodecException.class);
    assertThat(listener.errors().get(0)).hasMessageContaining("expected a text frame");
  }

  @Test
  void aTooLargeMessageIsReportedEverywhere() {
    RecordingTransport peer = RecordingTransport.open(manager, "big");

    // The transport finds a frame over the limit and reports it; the manager closes.
    peer.link().onProtocolError(1009, "message too big");

    assertThat(peer.closeCode()).isEqualTo(1009);
    // The peer is still sending: its socket must stay open until it has read the close frame.
    assertThat(peer.aborted()).isFalse();
    assertThat(listener.closed().values())
        .singleElement()
        .extracting(CloseStatus::cause)
        .isEqualTo(CloseCause.TOO_LARGE);
    assertThat(manager.stats().closes(CloseCause.TOO_LARGE)).isEqualTo(1);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("WARN")
        .contains("1009 message over 1048576 bytes");
  }

  @Test
  void ordinaryClosesAreCountedWithoutWarnings() {
    RecordingTransport byPeer = RecordingTransport.open(manager, "a");
    RecordingTransport.open(manager, "b");
    RecordingTransport.open(manager, "c");
    String byShutdown = RecordingTransport.connectionOf(manager, "c").id();

    byPeer.peerCloses(1000, "bye");
    RecordingTransport.connectionOf(manager, "b").close(4000, "kicked");
    manager.shutdown(Duration.ofSeconds(1));

    assertThat(manager.stats().closes(CloseCause.PEER)).isEqualTo(1);
    assertThat(manager.stats().closes(CloseCause.APPLICATION)).isEqualTo(1);
    assertThat(manager.stats().closes(CloseCause.SHUTDOWN)).isEqualTo(1);
    assertThat(listener.closed().get(byShutdown))
        .isEqualTo(new CloseStatus(1001, "server shutting down", CloseCause.SHUTDOWN));
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
  }

  private void assertReported(RecordingTransport peer, CloseCause cause, int code, String reason) {
    CloseStatus expected = new CloseStatus(code, reason, cause);
    assertThat(peer.closeCode()).isEqualTo(code);
    assertThat(peer.closeReason()).isEqualTo(reason);
    assertThat(listener.closed().values()).containsExactly(expected);
    assertThat(manager.stats().closes(cause)).isEqualTo(1);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("WARN dev.herald.ConnectionManager - Closed Connection[")
        .contains(code + " " + reason);
  }
}
