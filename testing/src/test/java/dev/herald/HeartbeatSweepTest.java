package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Payload;
import dev.herald.testing.ManualScheduler;
import dev.herald.testing.RecordingFramer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;

/** The heartbeat sweep on a manual clock: no sleeping, 100,000 connections. */
class HeartbeatSweepTest {
  private static final Duration INTERVAL = Duration.ofSeconds(25);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ManualScheduler clock = new ManualScheduler();
  private final RecordingFramer framer = new RecordingFramer();
  private final RecordingListener<String> listener = new RecordingListener<>();

  @Test
  void silentConnectionsArePingedAndThoseThatNeverAnswerAreClosed() {
    ConnectionManager<String> manager = manager(null);
    int count = 100_000;
    List<Fakes.Peer> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peers.add(Fakes.open(manager, framer, "c" + i));
    }

    clock.advance(INTERVAL.minusSeconds(1));
    assertThat(peers).allSatisfy(p -> assertThat(p.transport().pings()).isZero());

    clock.advance(Duration.ofSeconds(1));
    assertThat(peers).allSatisfy(p -> assertThat(p.transport().pings()).isEqualTo(1));

    // Half answer: a pong, or any message, proves the peer alive.
    for (int i = 0; i < count; i += 2) {
      if (i % 4 == 0) {
        peers.get(i).inbound().onPong();
      } else {
        peers.get(i).inbound().onMessage(Payload.text("alive"));
      }
    }
    clock.advance(TIMEOUT.minusSeconds(1));
    assertThat(manager.stats().activeConnections()).isEqualTo(count);

    clock.advance(Duration.ofSeconds(1));

    assertThat(manager.stats().activeConnections()).isEqualTo(count / 2);
    assertThat(manager.stats().closes(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(count / 2);
    for (int i = 1; i < count; i += 2) {
      assertThat(peers.get(i).transport().closeCode()).isEqualTo(4408);
      assertThat(peers.get(i).transport().aborted()).isTrue();
    }
    assertThat(peers.get(1).transport().closeReason()).isEqualTo("heartbeat timeout: no answer within 10000 ms");
    assertThat(listener.closed().values())
        .allSatisfy(status -> assertThat(status.cause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT));
  }

  @Test
  void activeConnectionsAreNotPinged() {
    ConnectionManager<String> manager = manager(null);
    Fakes.Peer chatty = Fakes.open(manager, framer, "chatty");

    for (int second = 0; second < 120; second++) {
      chatty.inbound().onMessage(Payload.text("still here"));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(chatty.transport().pings()).isZero();
    assertThat(manager.stats().activeConnections()).isEqualTo(1);
  }

  @Test
  void anAnsweringConnectionIsPingedEveryIntervalAndStays() {
    ConnectionManager<String> manager = manager(null);
    Fakes.Peer peer = Fakes.open(manager, framer, "c");

    for (int round = 0; round < 5; round++) {
      clock.advance(INTERVAL);
      peer.inbound().onPong();
    }

    assertThat(peer.transport().pings()).isEqualTo(5);
    assertThat(manager.stats().activeConnections()).isEqualTo(1);
  }

  @Test
  void anApplicationPingIsSentAsAMessageEncodedOncePerSweep() {
    ConnectionManager<String> manager = manager("{\"type\":\"ping\"}");
    Fakes.Peer first = Fakes.open(manager, framer, "a");
    Fakes.Peer second = Fakes.open(manager, framer, "b");

    clock.advance(INTERVAL);

    assertThat(first.transport().pings()).isZero();
    assertThat(first.transport().payloads()).containsExactly(Payload.text("{\"type\":\"ping\"}"));
    assertThat(second.transport().frames()).singleElement().isSameAs(first.transport().frames().get(0));
    assertThat(framer.framesBuilt()).isEqualTo(1);
  }

  @Test
  void aCloseThePeerNeverCompletesEndsWithTheSocketDropped() {
    ConnectionManager<String> manager = manager(null);
    dev.herald.testing.RecordingTransport transport = new dev.herald.testing.RecordingTransport(framer);
    // Not reporting the close: the peer never answers the close frame.
    dev.herald.spi.Inbound inbound =
        manager.connector().open(transport, Handshake.of("/", java.util.Map.of(), null), Admission.accept("c"), null);
    String id = ((Connection) inbound).id();
    manager.close(id, 1000, "bye");
    transport.reportTo(inbound);

    clock.advance(TIMEOUT);

    assertThat(transport.aborted()).isTrue();
    assertThat(manager.stats().activeConnections()).isZero();
    assertThat(listener.closed().get(id).cause()).isEqualTo(CloseCause.APPLICATION);
  }

  private ConnectionManager<String> manager(String applicationPing) {
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .scheduler(clock)
            .listener(listener)
            .heartbeat(HeartbeatPolicy.every(INTERVAL).timeout(TIMEOUT));
    if (applicationPing != null) {
      builder.applicationPing(applicationPing);
    }
    return builder.build();
  }
}
