package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Payload;
import dev.herald.testing.ManualScheduler;
import dev.herald.testing.RecordingFramer;
import dev.herald.testing.RecordingListener;
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
  private final RecordingFramer framer = new RecordingFramer();
  private final RecordingListener<String> listener = new RecordingListener<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .scheduler(clock)
          .listener(listener)
          .heartbeat(HeartbeatPolicy.every(Duration.ofSeconds(25)).timeout(Duration.ofSeconds(10)))
          .outbound(OutboundPolicy.limit(100_000))
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
    Fakes.Peer peer = Fakes.open(manager, framer, "slow");
    peer.transport().buffered(OutboundQueue.WINDOW);

    for (int i = 0; i < 200; i++) {
      manager.sendTo(peer.id(manager), "x".repeat(1_000));
    }

    assertReported(peer, CloseCause.SLOW_CONSUMER, 1008, "slow consumer: send queue over 100000 bytes");
  }

  @Test
  void aHeartbeatTimeoutIsReportedEverywhere() {
    Fakes.Peer peer = Fakes.open(manager, framer, "silent");

    clock.advance(Duration.ofSeconds(35));

    assertReported(peer, CloseCause.HEARTBEAT_TIMEOUT, 4408, "heartbeat timeout: no answer within 10000 ms");
  }

  @Test
  void aRateLimitIsReportedEverywhere() {
    Fakes.Peer peer = Fakes.open(manager, framer, "flooder");

    for (int i = 0; i < 11; i++) {
      peer.inbound().onMessage(Payload.text("m"));
    }

    assertReported(peer, CloseCause.RATE_LIMITED, 1008, "rate limit: over 10 messages/s");
  }

  @Test
  void anUndecodableMessageIsReportedEverywhere() {
    Fakes.Peer peer = Fakes.open(manager, framer, "garbage");

    peer.inbound().onMessage(Payload.binary(new byte[] {1}));

    assertReported(peer, CloseCause.UNDECODABLE, 1003, "undecodable message: expected a text frame, got Binary[1 bytes]");
  }

  @Test
  void aTooLargeMessageIsReportedEverywhere() {
    Fakes.Peer peer = Fakes.open(manager, framer, "big");

    // The transport enforces the size: it closes with 1009 and reports it.
    peer.inbound().onClose(1009, "Payload limit reached.", false);

    assertThat(listener.closed().values()).singleElement().extracting(CloseStatus::cause).isEqualTo(CloseCause.TOO_LARGE);
    assertThat(manager.stats().closes(CloseCause.TOO_LARGE)).isEqualTo(1);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("WARN").contains("1009 message over 1048576 bytes");
  }

  @Test
  void ordinaryClosesAreCountedWithoutWarnings() {
    Fakes.Peer byPeer = Fakes.open(manager, framer, "a");
    Fakes.Peer byApp = Fakes.open(manager, framer, "b");
    Fakes.Peer byShutdown = Fakes.open(manager, framer, "c");

    byPeer.transport().peerCloses(1000, "bye");
    manager.close(byApp.id(manager), 4000, "kicked");
    manager.shutdown(Duration.ofSeconds(1));

    assertThat(manager.stats().closes(CloseCause.PEER)).isEqualTo(1);
    assertThat(manager.stats().closes(CloseCause.APPLICATION)).isEqualTo(1);
    assertThat(manager.stats().closes(CloseCause.SHUTDOWN)).isEqualTo(1);
    assertThat(listener.closed().get(byShutdown.id(manager))).isEqualTo(new CloseStatus(1001, "server shutting down", CloseCause.SHUTDOWN));
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
  }

  private void assertReported(Fakes.Peer peer, CloseCause cause, int code, String reason) {
    CloseStatus expected = new CloseStatus(code, reason, cause);
    assertThat(peer.transport().closeCode()).isEqualTo(code);
    assertThat(peer.transport().closeReason()).isEqualTo(reason);
    assertThat(listener.closed().values()).containsExactly(expected);
    assertThat(manager.stats().closes(cause)).isEqualTo(1);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("WARN dev.herald.ConnectionManager - Closed Connection[")
        .contains(code + " " + reason);
  }
}
