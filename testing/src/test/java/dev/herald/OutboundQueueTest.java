package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Payload;
import dev.herald.testing.ManualScheduler;
import dev.herald.testing.RecordingFramer;
import java.util.List;
import java.util.stream.IntStream;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;

/**
 * The outbound policy on recording transports whose peer "stops reading": the transport reports
 * more buffered bytes than Herald's window, so Herald keeps the rest in its own bounded queue.
 */
class OutboundQueueTest {
  private static final int LIMIT = 200_000;
  private static final String KILOBYTE = "x".repeat(1000);

  private final RecordingFramer framer = new RecordingFramer();
  private final RecordingListener<String> listener = new RecordingListener<>();

  @Test
  void disconnectClosesTheSlowConsumerWith1008AndDropsItsSocket() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    Fakes.Peer slow = stalled(manager);

    int queued = sendNumbered(manager, slow, 500);

    assertThat(queued).isLessThan(500);
    assertThat(slow.transport().closeCode()).isEqualTo(1008);
    assertThat(slow.transport().closeReason()).isEqualTo("slow consumer: send queue over 200000 bytes");
    assertThat(slow.transport().aborted()).isTrue();
    assertThat(manager.stats().closes(CloseCause.SLOW_CONSUMER)).isEqualTo(1);
    assertThat(manager.stats().activeConnections()).isZero();
  }

  @Test
  void dropNewestKeepsTheConnectionAndTheOldestMessages() {
    ConnectionManager<String> manager = manager(Overflow.DROP_NEWEST);
    Fakes.Peer slow = stalled(manager);

    int queued = sendNumbered(manager, slow, 500);
    Connection connection = manager.connection(slow.id(manager)).orElseThrow();
    assertThat(connection.queuedBytes()).isLessThanOrEqualTo(LIMIT);
    resume(slow);

    assertThat(slow.transport().isOpen()).isTrue();
    assertThat(received(slow)).containsExactlyElementsOf(numbers(0, queued));
    assertThat(manager.stats().drops(DropReason.QUEUE_FULL)).isEqualTo(500 - queued);
  }

  @Test
  void dropOldestKeepsTheNewestMessagesInOrder() {
    ConnectionManager<String> manager = manager(Overflow.DROP_OLDEST);
    Fakes.Peer slow = stalled(manager);

    int queued = sendNumbered(manager, slow, 500);
    assertThat(queued).isEqualTo(500);
    assertThat(manager.connection(slow.id(manager)).orElseThrow().queuedBytes()).isLessThanOrEqualTo(LIMIT);
    resume(slow);

    List<String> received = received(slow);
    assertThat(received).endsWith("499").isSorted();
    // What fits beside the transport's full window: (200,000 - 65,536) / 1,004 bytes.
    assertThat(received.size()).isBetween(130, 136);
    assertThat(received.subList(0, 1)).doesNotContain("0");
    assertThat(manager.stats().drops(DropReason.QUEUE_FULL)).isEqualTo(500 - received.size());
  }

  @Test
  void controlMessagesAreNeverDroppedAndVolatileOnesNeverDisconnect() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    Fakes.Peer slow = stalled(manager);
    String id = slow.id(manager);
    for (int i = 0; i < 500; i++) {
      manager.sendTo(id, pad(i), Delivery.VOLATILE);
    }
    assertThat(slow.transport().isOpen()).isTrue();

    assertThat(manager.sendTo(id, "control", Delivery.CONTROL)).isTrue();
    resume(slow);

    assertThat(received(slow)).last().isEqualTo("control");
    assertThat(manager.stats().closes(CloseCause.SLOW_CONSUMER)).isZero();
  }

  private ConnectionManager<String> manager(Overflow overflow) {
    return ConnectionManager.builder(String.class)
        .scheduler(new ManualScheduler())
        .listener(listener)
        .outbound(OutboundPolicy.limit(LIMIT).onOverflow(overflow))
        .build();
  }

  /** A peer whose transport holds a full window, as if it had stopped reading. */
  private Fakes.Peer stalled(ConnectionManager<String> manager) {
    Fakes.Peer peer = Fakes.open(manager, framer, "slow");
    peer.transport().buffered(OutboundQueue.WINDOW);
    return peer;
  }

  private static void resume(Fakes.Peer peer) {
    peer.transport().buffered(0);
    peer.inbound().onWritable();
  }

  private static int sendNumbered(ConnectionManager<String> manager, Fakes.Peer peer, int count) {
    String id = peer.id(manager);
    int queued = 0;
    for (int i = 0; i < count; i++) {
      if (manager.sendTo(id, pad(i))) {
        queued++;
      }
    }
    return queued;
  }

  private static String pad(int i) {
    return i + ":" + KILOBYTE;
  }

  private static List<String> received(Fakes.Peer peer) {
    return peer.transport().payloads().stream()
        .map(p -> ((Payload.Text) p).text())
        .map(text -> text.contains(":") ? text.substring(0, text.indexOf(':')) : text)
        .toList();
  }

  private static List<String> numbers(int from, int to) {
    return IntStream.range(from, to).mapToObj(Integer::toString).toList();
  }
}
