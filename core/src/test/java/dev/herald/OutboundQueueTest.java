package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.fixtures.RecordingListener;
import dev.herald.fixtures.RecordingTransport;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The outbound policy on a peer that stopped reading: frames stay in the manager's queue, which is
 * the only one, and the limit holds exactly.
 */
class OutboundQueueTest {
  private static final int LIMIT = 200_000;
  private static final String KILOBYTE = "x".repeat(1000);

  /** A message of {@link #pad}: up to three digits, a colon, 1,000 bytes and a 4-byte header. */
  private static final int FRAME = 4 + 1000 + 4;

  private final RecordingListener<String> listener = new RecordingListener<>();

  @Test
  void disconnectClosesTheSlowConsumerWith1008AndDropsItsSocket() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport slow = stalled(manager);

    int queued = sendNumbered(manager, "slow", 500);

    assertThat(queued).isEqualTo(LIMIT / FRAME);
    assertThat(slow.closeCode()).isEqualTo(1008);
    assertThat(slow.closeReason()).isEqualTo("slow consumer: send queue over 200000 bytes");
    assertThat(slow.aborted()).isTrue();
    assertThat(slow.frames())
        .as("what was queued is dropped, the close frame goes first")
        .isEmpty();
    assertThat(manager.stats().closes(CloseCause.SLOW_CONSUMER)).isEqualTo(1);
    assertThat(manager.stats().activeConnections()).isZero();
  }

  @Test
  void dropNewestKeepsTheConnectionAndTheOldestMessages() {
    ConnectionManager<String> manager = manager(Overflow.DROP_NEWEST);
    RecordingTransport slow = stalled(manager);
    Connection<String> connection = RecordingTransport.connectionOf(manager, "slow");

    int queued = sendNumbered(manager, "slow", 500);
    assertThat(connection.queuedBytes())
        .isEqualTo((long) queued * FRAME)
        .isLessThanOrEqualTo(LIMIT);
    slow.resume();

    assertThat(slow.isOpen()).isTrue();
    assertThat(queued).isEqualTo(LIMIT / FRAME);
    assertThat(numbers(slow)).containsExactlyElementsOf(numbers(0, queued));
    assertThat(manager.stats().drops(DropReason.QUEUE_FULL)).isEqualTo(500 - queued);
    assertThat(connection.queuedBytes()).isZero();
  }

  @Test
  void dropOldestKeepsTheNewestMessagesInOrder() {
    ConnectionManager<String> manager = manager(Overflow.DROP_OLDEST);
    RecordingTransport slow = stalled(manager);

    int queued = sendNumbered(manager, "slow", 500);
    assertThat(queued).isEqualTo(500);
    assertThat(RecordingTransport.connectionOf(manager, "slow").queuedBytes())
        .isLessThanOrEqualTo(LIMIT);
    slow.resume();

    assertThat(numbers(slow)).containsExactlyElementsOf(numbers(500 - LIMIT / FRAME, 500));
    assertThat(manager.stats().drops(DropReason.QUEUE_FULL)).isEqualTo(500 - LIMIT / FRAME);
  }

  @Test
  void controlMessagesAreNeverDroppedAndVolatileOnesNeverDisconnect() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport slow = stalled(manager);
    Connection<String> connection = RecordingTransport.connectionOf(manager, "slow");
    for (int i = 0; i < 500; i++) {
      connection.send(pad(i), Delivery.VOLATILE);
    }
    assertThat(slow.isOpen()).isTrue();

    assertThat(connection.send("control", Delivery.CONTROL)).isTrue();
    slow.resume();

    assertThat(slow.texts()).last().isEqualTo("control");
    assertThat(manager.stats().closes(CloseCause.SLOW_CONSUMER)).isZero();
  }

  @Test
  void dropOldestNeverDropsAControlMessage() {
    ConnectionManager<String> manager = manager(Overflow.DROP_OLDEST);
    RecordingTransport slow = stalled(manager);
    Connection<String> connection = RecordingTransport.connectionOf(manager, "slow");

    connection.send("control", Delivery.CONTROL);
    sendNumbered(manager, "slow", 500);
    slow.resume();

    assertThat(slow.texts().get(0)).isEqualTo("control");
  }

  @Test
  void aReaderThatKeepsUpIsNeverLimited() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport reader = RecordingTransport.open(manager, "reader");

    int queued = sendNumbered(manager, "reader", 5_000);

    assertThat(queued).isEqualTo(5_000);
    assertThat(reader.frames()).hasSize(5_000);
    assertThat(RecordingTransport.connectionOf(manager, "reader").queuedBytes()).isZero();
  }

  @Test
  void aBurstQueuedBeforeTheWriterRunsIsNotLimitedUntilTheSocketIsFull() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport reader = RecordingTransport.open(manager, "reader");
    reader.defer();

    int queued = sendNumbered(manager, "reader", 500);
    assertThat(queued)
        .as("the writer has not run: nothing is the reader's fault yet")
        .isEqualTo(500);
    reader.resume();

    assertThat(numbers(reader)).containsExactlyElementsOf(numbers(0, 500));
    assertThat(reader.isOpen()).isTrue();

    reader.stall();
    assertThat(sendNumbered(manager, "reader", 500)).isEqualTo(LIMIT / FRAME);
    assertThat(reader.closeCode()).isEqualTo(1008);
  }

  @Test
  void aWriterFindingItsSocketFullOverTheLimitAppliesThePolicyThen() {
    ConnectionManager<String> manager = manager(Overflow.DROP_OLDEST);
    RecordingTransport reader = RecordingTransport.open(manager, "reader");
    reader.defer();
    sendNumbered(manager, "reader", 500);

    reader.stall();
    reader.resume();

    assertThat(numbers(reader)).containsExactlyElementsOf(numbers(500 - LIMIT / FRAME, 500));
    assertThat(manager.stats().drops(DropReason.QUEUE_FULL)).isEqualTo(500 - LIMIT / FRAME);
  }

  @Test
  void aVolatileBurstFoundOverTheLimitWhenTheSocketFillsIsDroppedNotDisconnected() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport reader = RecordingTransport.open(manager, "reader");
    Connection<String> connection = RecordingTransport.connectionOf(manager, "reader");
    reader.defer();
    connection.send("standard:" + KILOBYTE);
    for (int i = 0; i < 500; i++) {
      connection.send(pad(i), Delivery.VOLATILE);
    }

    reader.stall();
    reader.resume();

    assertThat(reader.isOpen()).isTrue();
    assertThat(manager.stats().closes(CloseCause.SLOW_CONSUMER)).isZero();
    List<String> texts = reader.texts();
    assertThat(texts).first().isEqualTo("standard:" + KILOBYTE);
    assertThat(texts.size() - 1)
        .as("the newest volatile ones are dropped down to the limit")
        .isEqualTo(LIMIT / FRAME - 1);
    assertThat(numbers(reader).subList(1, texts.size()))
        .containsExactlyElementsOf(numbers(0, texts.size() - 1));
    assertThat(manager.stats().drops(DropReason.QUEUE_FULL)).isEqualTo(500 - (texts.size() - 1));
  }

  @Test
  void aStandardBurstFoundOverTheLimitStillDisconnectsWhenVolatileOnesCannotMakeRoom() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport reader = RecordingTransport.open(manager, "reader");
    Connection<String> connection = RecordingTransport.connectionOf(manager, "reader");
    reader.defer();
    connection.send(pad(0), Delivery.VOLATILE);
    sendNumbered(manager, "reader", 300);

    reader.stall();
    reader.resume();

    assertThat(reader.closeCode()).isEqualTo(1008);
  }

  @Test
  void aMessageLargerThanTheLimitStillReachesAReaderWithAnEmptyQueue() {
    ConnectionManager<String> manager = manager(Overflow.DISCONNECT);
    RecordingTransport reader = RecordingTransport.open(manager, "reader");
    reader.stall();

    assertThat(RecordingTransport.connectionOf(manager, "reader").send("y".repeat(LIMIT * 2)))
        .isTrue();
    reader.resume();

    assertThat(reader.texts()).singleElement().asString().hasSize(LIMIT * 2);
    assertThat(reader.isOpen()).isTrue();
  }

  private ConnectionManager<String> manager(Overflow overflow) {
    return ConnectionManager.builder(String.class)
        .scheduler(new ManualScheduler())
        .listener(listener)
        .outbound(OutboundPolicy.defaults().limit(LIMIT).onOverflow(overflow))
        .build();
  }

  /** A peer that stopped reading: nothing the manager queues for it is taken. */
  private static RecordingTransport stalled(ConnectionManager<String> manager) {
    RecordingTransport peer = RecordingTransport.open(manager, "slow");
    peer.stall();
    return peer;
  }

  private static int sendNumbered(ConnectionManager<String> manager, String clientId, int count) {
    Connection<String> connection = RecordingTransport.connectionOf(manager, clientId);
    int queued = 0;
    for (int i = 0; i < count; i++) {
      if (connection.send(pad(i % 1000))) {
        queued++;
      }
    }
    return queued;
  }

  private static String pad(int i) {
    return String.format("%03d", i) + ":" + KILOBYTE;
  }

  private static List<String> numbers(RecordingTransport peer) {
    return peer.texts().stream().map(text -> text.substring(0, text.indexOf(':'))).toList();
  }

  private static List<String> numbers(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> String.format("%03d", i % 1000)).toList();
  }
}
