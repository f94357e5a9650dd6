package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.fixtures.RecordingListener;
import dev.herald.fixtures.RecordingTransport;
import dev.herald.spi.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The heartbeat sweep on a manual clock: no sleeping, 100,000 connections. */
class HeartbeatSweepTest {
  private static final Duration INTERVAL = Duration.ofSeconds(25);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ManualScheduler clock = new ManualScheduler();
  private final RecordingListener<String> listener = new RecordingListener<>();

  @Test
  void silentConnectionsArePingedAndThoseThatNeverAnswerAreClosed() {
    ConnectionManager<String> manager = manager(null);
    int count = 100_000;
    List<RecordingTransport> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peers.add(RecordingTransport.open(manager, "c" + i));
    }

    clock.advance(INTERVAL.minusSeconds(1));
    assertThat(peers).allSatisfy(p -> assertThat(p.pings()).isZero());

    clock.advance(Duration.ofSeconds(1));
    assertThat(peers).allSatisfy(p -> assertThat(p.pings()).isEqualTo(1));

    // Half answer: a pong, or any message, proves the peer alive.
    for (int i = 0; i < count; i += 2) {
      if (i % 4 == 0) {
        peers.get(i).link().onPong();
      } else {
        peers.get(i).link().onMessage(Payload.text("alive"));
      }
    }
    clock.advance(TIMEOUT.minusSeconds(1));
    assertThat(manager.stats().activeConnections()).isEqualTo(count);

    clock.advance(Duration.ofSeconds(1));

    assertThat(manager.stats().activeConnections()).isEqualTo(count / 2);
    assertThat(manager.stats().closes(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(count / 2);
    for (int i = 1; i < count; i += 2) {
      assertThat(peers.get(i).closeCode()).isEqualTo(4408);
      assertThat(peers.get(i).aborted()).isTrue();
    }
    assertThat(peers.get(1).closeReason())
        .isEqualTo("heartbeat timeout: no answer within 10000 ms");
    assertThat(listener.closed().values())
        .allSatisfy(status -> assertThat(status.cause()).isEqualTo(CloseCause.HEARTBEAT_TIMEOUT));
  }

  @Test
  void activeConnectionsAreNotPinged() {
    ConnectionManager<String> manager = manager(null);
    RecordingTransport chatty = RecordingTransport.open(manager, "chatty");

    for (int second = 0; second < 120; second++) {
      chatty.link().onMessage(Payload.text("still here"));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(chatty.pings()).isZero();
    assertThat(manager.stats().activeConnections()).isEqualTo(1);
  }

  @Test
  void anAnsweringConnectionIsPingedEveryIntervalAndStays() {
    ConnectionManager<String> manager = manager(null);
    RecordingTransport peer = RecordingTransport.open(manager, "c");

    for (int round = 0; round < 5; round++) {
      clock.advance(INTERVAL);
      peer.link().onPong();
    }

    assertThat(peer.pings()).isEqualTo(5);
    assertThat(manager.stats().activeConnections()).isEqualTo(1);
  }

  @Test
  void anApplicationPingIsSentAsAMessageEncodedOncePerSweep() {
    ConnectionManager<String> manager = manager("{\"type\":\"ping\"}");
    RecordingTransport first = RecordingTransport.open(manager, "a");
    RecordingTransport second = RecordingTransport.open(manager, "b");

    clock.advance(INTERVAL);

    assertThat(first.pings()).isZero();
    assertThat(first.payloads()).containsExactly(Payload.text("{\"type\":\"ping\"}"));
    assertThat(second.frames()).singleElement().isSameAs(first.frames().get(0));
  }

  @Test
  void aCloseThePeerNeverCompletesEndsWithTheSocketDropped() {
    ConnectionManager<String> manager = manager(null);
    RecordingTransport transport = RecordingTransport.open(manager, "c");
    transport.ignoreClose();
    String id = RecordingTransport.connectionOf(manager, "c").id();
    manager.close(id, 1000, "bye");

    clock.advance(TIMEOUT.minusMillis(1));
    assertThat(transport.aborted()).isFalse();
    clock.advance(Duration.ofMillis(1));

    assertThat(transport.closeCode()).isEqualTo(1000);
    assertThat(transport.aborted()).isTrue();
    assertThat(manager.stats().activeConnections()).isZero();
    assertThat(listener.closed().get(id).cause()).isEqualTo(CloseCause.APPLICATION);
  }

  private ConnectionManager<String> manager(@Nullable String applicationPing) {
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .scheduler(clock)
            .listener(listener)
            .heartbeat(HeartbeatPolicy.defaults().interval(INTERVAL).timeout(TIMEOUT));
    if (applicationPing != null) {
      builder.applicationPing(applicationPing);
    }
    return builder.build();
  }
}
