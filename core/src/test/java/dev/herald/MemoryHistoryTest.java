package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The in-memory history: positions, windows, retention and the byte budget. */
class MemoryHistoryTest {
  private static final History.Retention KEEP_5 = new History.Retention(5, Duration.ofMinutes(1));

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<Position> delivered = new ArrayList<>();
  private final Set<String> members = ConcurrentHashMap.newKeySet();
  private final MemoryHistory history = new MemoryHistory(scheduler, 1 << 20);

  MemoryHistoryTest() {
    history.start(
        "node",
        new History.Sink() {
          @Override
          public void deliver(Envelope envelope, Position position) {
            delivered.add(position);
          }

          @Override
          public boolean hasLocalMembers(String topic) {
            return members.contains(topic);
          }

          @Override
          public void failed(Throwable error) {
            throw new AssertionError(error);
          }
        });
  }

  @Test
  void offsetsCountFromOneWithinOneEpochAndReachTheSink() {
    Position first = append("room", "a", KEEP_5);
    Position second = append("room", "b", KEEP_5);

    assertThat(first.offset()).isEqualTo(1);
    assertThat(second).isEqualTo(new Position(first.epoch(), 2));
    assertThat(delivered).containsExactly(first, second);
  }

  @Test
  void aReadReturnsWhatFollowsThePositionUpToTheLimit() {
    Position first = append("room", "a", KEEP_5);
    append("room", "b", KEEP_5);
    append("room", "c", KEEP_5);

    History.Window window = read("room", first, 1);

    assertThat(window.covered()).isTrue();
    assertThat(window.top()).isEqualTo(new Position(first.epoch(), 3));
    assertThat(window.entries()).extracting(e -> e.position().offset()).containsExactly(2L);
    assertThat(text(window.entries().get(0))).isEqualTo("b");
  }

  @Test
  void aReadWithoutPositionGivesTheTopAndTheSameEpochAsLaterPublications() {
    History.Window empty = read("room", null, 10);
    Position first = append("room", "a", KEEP_5);

    assertThat(empty.top().offset()).isZero();
    assertThat(empty.covered()).isTrue();
    assertThat(first.epoch()).isEqualTo(empty.top().epoch());
  }

  @Test
  void retentionByCountUncoversOlderPositions() {
    Position first = append("room", "0", KEEP_5);
    for (int i = 1; i < 7; i++) {
      append("room", Integer.toString(i), KEEP_5);
    }

    assertThat(read("room", first, 10).covered()).isFalse();
    History.Window window = read("room", new Position(first.epoch(), 2), 10);
    assertThat(window.covered()).isTrue();
    assertThat(window.entries())
        .extracting(e -> e.position().offset())
        .containsExactly(3L, 4L, 5L, 6L, 7L);
    assertThat(history.usage().entries()).isEqualTo(5);
  }

  @Test
  void retentionByAgeDropsEntriesAndTheSweepDropsIdleTopicsWithoutMembers() {
    History.Retention brief = new History.Retention(100, Duration.ofSeconds(5));
    Position first = append("room", "a", brief);
    append("lobby", "b", brief);
    members.add("lobby");

    scheduler.advance(Duration.ofSeconds(6));

    assertThat(history.usage().entries()).isZero();
    assertThat(history.usage().topics()).isEqualTo(1);
    History.Window window = read("room", first, 10);
    assertThat(window.covered()).isFalse();
    assertThat(window.top().epoch()).isNotEqualTo(first.epoch());
  }

  @Test
  void anotherEpochOrAnOffsetAheadIsNotCovered() {
    Position first = append("room", "a", KEEP_5);

    assertThat(read("room", new Position("other", 0), 10).covered()).isFalse();
    assertThat(read("room", new Position(first.epoch(), 2), 10).covered()).isFalse();
    assertThat(read("room", new Position(first.epoch(), 1), 10).covered()).isTrue();
  }

  @Test
  void theByteBudgetDropsTheOldestEntriesTopicByTopic() {
    MemoryHistory small = new MemoryHistory(scheduler, 3_000);
    small.start(
        "node",
        new History.Sink() {
          @Override
          public void deliver(Envelope envelope, Position position) {}

          @Override
          public boolean hasLocalMembers(String topic) {
            return false;
          }

          @Override
          public void failed(Throwable error) {}
        });
    History.Retention many = new History.Retention(1000, Duration.ofMinutes(1));
    String kilobyte = "x".repeat(1000);
    for (int i = 0; i < 3; i++) {
      small.append(envelope("a", kilobyte), many);
      small.append(envelope("b", kilobyte), many);
    }

    History.Usage usage = small.usage();
    assertThat(usage.bytes()).isLessThanOrEqualTo(3_000);
    assertThat(usage.entries()).isEqualTo(3);
    assertThat(read(small, "a", new Position(epochOf(small, "a"), 0)).covered()).isFalse();
  }

  @Test
  void aPayloadSharedByTwoProtocolsIsCountedOnce() {
    Payload shared = Payload.text("{}");
    history.append(
        Envelope.of(
            Envelope.Kind.TOPIC,
            "room",
            null,
            null,
            Map.of("", shared, "herald.v1.json", shared),
            Delivery.STANDARD),
        KEEP_5);

    assertThat(history.usage().bytes()).isEqualTo(2);
  }

  private Position append(String topic, String text, History.Retention retention) {
    return history.append(envelope(topic, text), retention).toCompletableFuture().join();
  }

  private History.Window read(String topic, Position since, int limit) {
    return history.read(topic, since, limit).toCompletableFuture().join();
  }

  private static History.Window read(MemoryHistory history, String topic, Position since) {
    return history.read(topic, since, 100).toCompletableFuture().join();
  }

  private static String epochOf(MemoryHistory history, String topic) {
    return read(history, topic, null).top().epoch();
  }

  private static Envelope envelope(String topic, String text) {
    return Envelope.of(
        Envelope.Kind.TOPIC, topic, null, null, Map.of("", Payload.text(text)), Delivery.STANDARD);
  }

  private static String text(History.Entry entry) {
    return ((Payload.Text) entry.envelope().payloads().get("")).text();
  }
}
