package dev.herald.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.Delivery;
import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks what every {@link History} must do: number each topic's publications from one without
 * holes, return the entries after a position in order and within the limit, say when a position is
 * no longer covered (older than the count or the age, of another epoch, ahead of the top), deliver
 * every publication to the sinks of the nodes with members in offset order and to no other, and
 * meet the live stream without a gap: what a read started after the interest was announced does not
 * return, the sink gets.
 *
 * <p>A history's test extends this class and supplies {@link #newHistory()}: a history for one more
 * node of one store shared by the test. A history that serves a single node returns false from
 * {@link #spansNodes()}: the tests that need two nodes are then skipped, and the others run on one.
 * Each test uses topics of its own, so that a store may outlive a test.
 *
 * <p>Not thread-safe: JUnit makes one instance per test.
 */
public abstract class HistoryContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final History.Retention PLENTY =
      new History.Retention(10_000, Duration.ofMinutes(1));

  private final List<History> started = new ArrayList<>();
  private final String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  /** Returns a history for one more node of the store under test, not yet started. */
  protected abstract History newHistory();

  /** Returns whether the histories of {@link #newHistory()} share one store. Default: true. */
  protected boolean spansNodes() {
    return true;
  }

  /** A started history and the sink it delivers to. */
  protected record Member(String id, History history, RecordingSink sink) {}

  /**
   * Starts a history as node {@code name} (made unique per test) and returns it once it answers
   * reads.
   */
  protected Member start(String name) {
    History history = newHistory();
    RecordingSink sink = new RecordingSink();
    String id = name + "-" + run;
    history.start(id, sink);
    started.add(history);
    Member member = new Member(id, history, sink);
    String probe = topic("ready");
    waiting().ignoreExceptions().until(() -> read(member, probe, null, 1).covered());
    return member;
  }

  @AfterEach
  void closeHistories() {
    started.forEach(History::close);
  }

  @Test
  void positionsAreContiguousFromOneWithinOneEpoch() throws InterruptedException {
    Member a = start("a");
    String topic = topic("numbered");
    Set<Position> positions = ConcurrentHashMap.newKeySet();
    List<Thread> appenders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      appenders.add(
          new Thread(
              () -> {
                for (int i = 0; i < 25; i++) {
                  positions.add(append(a, topic, "m", PLENTY));
                }
              }));
    }
    appenders.forEach(Thread::start);
    for (Thread appender : appenders) {
      appender.join();
    }

    assertThat(positions).extracting(Position::epoch).containsOnly(epochOf(positions));
    assertThat(positions.stream().map(Position::offset).sorted())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
  }

  @Test
  void aReadReturnsTheEntriesAfterItsPositionInOrderWithinTheLimit() {
    Member a = start("a");
    String topic = topic("window");
    List<Envelope> sent = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      sent.add(envelope(topic, "m" + i));
    }
    Position last = new Position("0", 0);
    for (Envelope envelope : sent) {
      last = join(a.history.append(envelope, PLENTY));
    }
    String epoch = last.epoch();

    History.Window first = read(a, topic, new Position(epoch, 0), 4);
    assertThat(first.covered()).isTrue();
    assertThat(first.top()).isEqualTo(new Position(epoch, 10));
    assertThat(offsets(first)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(first.entries()).extracting(History.Entry::envelope).isEqualTo(sent.subList(0, 4));
    History.Window rest = read(a, topic, new Position(epoch, 4), 100);
    assertThat(offsets(rest)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(rest.entries()).extracting(History.Entry::envelope).isEqualTo(sent.subList(4, 10));
    History.Window none = read(a, topic, last, 100);
    assertThat(none.covered()).isTrue();
    assertThat(none.entries()).isEmpty();
  }

  @Test
  void aReadWithoutAPositionReturnsOnlyTheTop() {
    Member a = start("a");
    String topic = topic("top");
    append(a, topic, "one", PLENTY);
    append(a, topic, "two", PLENTY);
    Position last = append(a, topic, "three", PLENTY);

    History.Window window = read(a, topic, null, 10);

    assertThat(window.top()).isEqualTo(last);
    assertThat(window.covered()).isTrue();
    assertThat(window.entries()).isEmpty();
  }

  @Test
  void aTopicReadBeforeItsFirstAppendKeepsTheEpochItShowed() {
    Member a = start("a");
    String topic = topic("fresh");

    History.Window empty = read(a, topic, null, 10);
    assertThat(empty.top().offset()).isZero();
    assertThat(read(a, topic, empty.top(), 10).covered()).isTrue();
    Position first = append(a, topic, "first", PLENTY);

    assertThat(first).isEqualTo(new Position(empty.top().epoch(), 1));
    assertThat(offsets(read(a, topic, empty.top(), 10))).containsExactly(1L);
  }

  @Test
  void aPositionOlderThanTheCountIsNotCovered() {
    Member a = start("a");
    String topic = topic("count");
    History.Retention five = new History.Retention(5, Duration.ofMinutes(1));
    Position last = append(a, topic, "m0", five);
    for (int i = 1; i < 12; i++) {
      last = append(a, topic, "m" + i, five);
    }
    String epoch = last.epoch();

    History.Window oldestKept = read(a, topic, new Position(epoch, 7), 100);
    assertThat(oldestKept.covered()).isTrue();
    assertThat(offsets(oldestKept)).containsExactly(8L, 9L, 10L, 11L, 12L);
    History.Window tooOld = read(a, topic, new Position(epoch, 6), 100);
    assertThat(tooOld.covered()).isFalse();
    assertThat(tooOld.entries()).isEmpty();
    assertThat(tooOld.top()).isEqualTo(last);
  }

  @Test
  void aPositionOfAnotherEpochIsNotCovered() {
    Member a = start("a");
    String topic = topic("epoch");
    Position last = append(a, topic, "one", PLENTY);
    append(a, topic, "two", PLENTY);
    String other = last.epoch().equals("a") ? "b" : "a";

    History.Window window = read(a, topic, new Position(other, 1), 100);

    assertThat(window.covered()).isFalse();
    assertThat(window.entries()).isEmpty();
    assertThat(window.top()).isEqualTo(new Position(last.epoch(), 2));
  }

  @Test
  void aPositionAheadOfTheTopIsNotCovered() {
    Member a = start("a");
    String topic = topic("ahead");
    append(a, topic, "one", PLENTY);
    Position last = append(a, topic, "two", PLENTY);

    History.Window window = read(a, topic, new Position(last.epoch(), 3), 100);

    assertThat(window.covered()).isFalse();
    assertThat(window.entries()).isEmpty();
    assertThat(window.top()).isEqualTo(last);
  }

  @Test
  void entriesOlderThanTheAgeAreTrimmed() {
    Member a = start("a");
    String topic = topic("age");
    // A member keeps a single node's history from dropping the topic, and with it its epoch.
    joinTopic(a, topic);
    History.Retention second = new History.Retention(100, Duration.ofSeconds(1));
    append(a, topic, "one", second);
    Position two = append(a, topic, "two", second);
    Position start = new Position(two.epoch(), 0);
    assertThat(offsets(read(a, topic, start, 100))).containsExactly(1L, 2L);

    // Both expire, the second a moment after the first: wait until the second has gone too.
    Position one = new Position(two.epoch(), 1);
    waiting().until(() -> !read(a, topic, one, 100).covered());
    History.Window trimmed = read(a, topic, two, 100);
    assertThat(trimmed.covered()).isTrue();
    assertThat(trimmed.entries()).isEmpty();
    assertThat(trimmed.top()).isEqualTo(two);

    append(a, topic, "three", second);
    Position four = append(a, topic, "four", second);
    assertThat(four).isEqualTo(new Position(two.epoch(), 4));
    assertThat(offsets(read(a, topic, two, 100))).containsExactly(3L, 4L);
    assertThat(read(a, topic, one, 100).covered()).isFalse();
  }

  @Test
  void anEntryKeepsItsEnvelope() {
    Member a = start("a");
    String topic = topic("envelope");
    joinTopic(a, topic);
    Map<String, Payload> payloads = new LinkedHashMap<>();
    payloads.put(Envelope.DEFAULT_PROTOCOL, Payload.text("héllo"));
    payloads.put("msgpack", Payload.binary(new byte[] {0, 1, (byte) 255}));
    Envelope sent =
        Envelope.of(Envelope.Kind.TOPIC, topic, null, "a.k3x9a0qz.1", payloads, Delivery.VOLATILE);

    Position position = join(a.history.append(sent, PLENTY));

    History.Entry kept = read(a, topic, new Position(position.epoch(), 0), 10).entries().get(0);
    assertThat(kept).isEqualTo(new History.Entry(position, sent));
    assertThat(kept.envelope().payloads().keySet())
        .containsExactly(Envelope.DEFAULT_PROTOCOL, "msgpack");
    waiting().until(() -> !a.sink.delivered(topic).isEmpty());
    assertThat(a.sink.delivered(topic)).containsExactly(kept);
  }

  @Test
  void theAppendingNodeGetsEveryAppendInOffsetOrder() {
    Member a = start("a");
    String topic = topic("own");
    joinTopic(a, topic);
    Map<Long, String> sent = new ConcurrentHashMap<>();
    List<CompletableFuture<Position>> appends = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String text = "m" + i;
      appends.add(
          a.history
              .append(envelope(topic, text), PLENTY)
              .toCompletableFuture()
              .thenApply(
                  position -> {
                    sent.put(position.offset(), text);
                    return position;
                  }));
    }
    appends.forEach(HistoryContract::join);

    waiting().until(() -> a.sink.delivered(topic).size() >= 200);
    assertThat(a.sink.offsets(topic))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    for (History.Entry entry : a.sink.delivered(topic)) {
      assertThat(text(entry.envelope())).isEqualTo(sent.get(entry.position().offset()));
    }
  }

  @Test
  void everyNodeWithMembersGetsEveryAppendInOffsetOrderAndOthersNone() throws InterruptedException {
    assumeTrue(spansNodes(), "a single node's history");
    Member a = start("a");
    Member b = start("b");
    Member c = start("c");
    String topic = topic("shared");
    joinTopic(a, topic);
    joinTopic(b, topic);

    List<Thread> appenders = new ArrayList<>();
    for (Member member : List.of(a, b)) {
      appenders.add(
          new Thread(
              () -> {
                for (int i = 0; i < 100; i++) {
                  append(member, topic, member.id + ":" + i, PLENTY);
                }
              }));
    }
    appenders.forEach(Thread::start);
    for (Thread appender : appenders) {
      appender.join();
    }

    List<Long> all = LongStream.rangeClosed(1, 200).boxed().toList();
    for (Member member : List.of(a, b)) {
      waiting().until(() -> member.sink.delivered(topic).size() >= 200);
      assertThat(member.sink.offsets(topic)).as(member.id).containsExactlyElementsOf(all);
    }
    assertThat(a.sink.delivered(topic)).isEqualTo(b.sink.delivered(topic));
    // Had c got any of them before it joined, they would come before the fence. A Redis Cluster
    // relays publications between its nodes a moment later, so a few of the last may still reach
    // c just after it subscribed: in order, and before the fence, which is all a reader needs.
    joinTopic(c, topic);
    Position fence = append(a, topic, "fence", PLENTY);
    waiting().until(() -> c.sink.offsets(topic).contains(fence.offset()));
    List<Long> seenByC = c.sink.offsets(topic);
    assertThat(seenByC).isSorted().doesNotHaveDuplicates().endsWith(fence.offset());
    assertThat(seenByC.size()).isLessThan(10);
  }

  @Test
  void aNodeThatLeftATopicStopsGettingIt() {
    assumeTrue(spansNodes(), "a single node's history");
    Member a = start("a");
    Member b = start("b");
    String topic = topic("left");
    joinTopic(b, topic);
    Position first = append(a, topic, "first", PLENTY);
    waiting().until(() -> b.sink.offsets(topic).contains(first.offset()));

    // Leaving takes effect in time: until it has, b may still get what follows. A probe appended
    // after b left is checked against a fence appended after b joined again, by offset order.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      leaveTopic(b, topic);
      Position probe = append(a, topic, "probe", PLENTY);
      joinTopic(b, topic);
      Position fence = append(a, topic, "fence", PLENTY);
      waiting().until(() -> b.sink.offsets(topic).contains(fence.offset()));
      if (!b.sink.offsets(topic).contains(probe.offset())) {
        break;
      }
      assertThat(System.nanoTime()).as("b stops getting the topic").isLessThan(deadline);
    }
    List<Long> offsets = b.sink.offsets(topic);
    assertThat(offsets).isSorted().doesNotHaveDuplicates();
  }

  /**
   * While another thread keeps appending, a reader marks its interest, reads from a position it
   * chose and pages on, as a subscription catching up does: what the reads return and what its sink
   * gets together hold every offset after that position, the sink each once and in order.
   */
  @Test
  void aReadAfterTheInterestMeetsTheLiveStreamWithoutAGap() throws InterruptedException {
    Member writer = start("writer");
    Member reader = spansNodes() ? start("reader") : writer;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int rounds = 0;
    while (rounds < 20 && System.nanoTime() < deadline) {
      String topic = topic("seam-" + rounds++);
      Appender appender = new Appender(writer, topic);
      appender.start();
      long before = random.nextLong(1, 40);
      waiting().until(() -> appender.top() >= before);

      Position asked = new Position(appender.epoch(), random.nextLong(0, appender.top() + 1));
      joinTopicWithoutWaiting(reader, topic);
      Set<Long> fromReads = new HashSet<>();
      Position since = asked;
      while (true) {
        History.Window window = read(reader, topic, since, random.nextInt(1, 20));
        assertThat(window.covered()).as("round %d from %s", rounds, since).isTrue();
        long expected = since.offset();
        for (History.Entry entry : window.entries()) {
          assertThat(entry.position().offset()).isEqualTo(++expected);
          assertThat(fromReads.add(expected)).isTrue();
        }
        if (window.entries().isEmpty() || expected >= window.top().offset()) {
          break;
        }
        since = new Position(since.epoch(), expected);
      }
      long after = appender.top() + random.nextLong(0, 40);
      waiting().until(() -> appender.top() >= after);
      long last = appender.stop();

      waiting()
          .until(
              () ->
                  last <= asked.offset()
                      || fromReads.contains(last)
                      || reader.sink.offsets(topic).contains(last));
      List<Long> live = reader.sink.offsets(topic);
      assertThat(live).as("round %d: the sink gets each once, in order", rounds).isSorted();
      assertThat(live).doesNotHaveDuplicates();
      Set<Long> got = new HashSet<>(fromReads);
      got.addAll(live);
      List<Long> missing = new ArrayList<>();
      for (long offset = asked.offset() + 1; offset <= last; offset++) {
        if (!got.contains(offset)) {
          missing.add(offset);
        }
      }
      assertThat(missing)
          .as(
              "round %d: read from %s, live from %s",
              rounds, asked, live.isEmpty() ? "-" : live.get(0))
          .isEmpty();
      leaveTopic(reader, topic);
    }
    assertThat(rounds).isGreaterThanOrEqualTo(5);
  }

  /** Returns a topic name unique to this test. */
  protected String topic(String name) {
    return name + ":" + run;
  }

  /** Gives {@code member} members in {@code topic}, and waits until they would get its appends. */
  protected static Position joinTopic(Member member, String topic) {
    joinTopicWithoutWaiting(member, topic);
    // A read started after the interest returns what the sink may miss: what follows, it gets.
    return read(member, topic, null, 1).top();
  }

  /** Takes {@code member}'s members out of {@code topic}. */
  protected static void leaveTopic(Member member, String topic) {
    member.sink.topics.remove(topic);
    member.history.interestChanged(topic);
  }

  /** Appends {@code text} to {@code topic} and waits for its position. */
  protected static Position append(
      Member member, String topic, String text, History.Retention retention) {
    return join(member.history.append(envelope(topic, text), retention));
  }

  /** Reads {@code topic} after {@code since} and waits for the window. */
  protected static History.Window read(
      Member member, String topic, @Nullable Position since, int limit) {
    return join(member.history.read(topic, since, limit));
  }

  /** Returns a publication of {@code text} to {@code topic}. */
  protected static Envelope envelope(String topic, String text) {
    return Envelope.of(
        Envelope.Kind.TOPIC,
        topic,
        null,
        null,
        Map.of(Envelope.DEFAULT_PROTOCOL, Payload.text(text)),
        Delivery.STANDARD);
  }

  /** Returns the text of an envelope's default payload. */
  protected static String text(Envelope envelope) {
    if (!(envelope.payloads().get(Envelope.DEFAULT_PROTOCOL) instanceof Payload.Text text)) {
      throw new AssertionError("no text payload: " + envelope);
    }
    return text.text();
  }

  /** Returns an await of at most ten seconds that checks its condition often. */
  protected static ConditionFactory waiting() {
    return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }

  private static void joinTopicWithoutWaiting(Member member, String topic) {
    member.sink.topics.add(topic);
    member.history.interestChanged(topic);
  }

  private static List<Long> offsets(History.Window window) {
    return window.entries().stream().map(entry -> entry.position().offset()).toList();
  }

  private static String epochOf(Set<Position> positions) {
    return positions.iterator().next().epoch();
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT, e);
    }
  }

  /** Appends to one topic from a thread of its own, a few appends at a time, until stopped. */
  private static final class Appender {
    private static final int IN_FLIGHT = 8;

    private final Member member;
    private final String topic;
    private final Semaphore permits = new Semaphore(IN_FLIGHT);
    private final AtomicLong top = new AtomicLong();
    private final AtomicReference<String> epoch = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    Appender(Member member, String topic) {
      this.member = member;
      this.topic = topic;
      this.thread = new Thread(this::run, "appender-" + topic);
    }

    void start() {
      thread.start();
    }

    long top() {
      Throwable failed = failure.get();
      if (failed != null) {
        throw new AssertionError("an append failed", failed);
      }
      return top.get();
    }

    String epoch() {
      String known = epoch.get();
      if (known == null) {
        throw new AssertionError("nothing appended yet");
      }
      return known;
    }

    /** Stops appending, waits for the appends under way, and returns the last offset. */
    long stop() throws InterruptedException {
      stopped.set(true);
      thread.join(TIMEOUT.toMillis());
      if (!permits.tryAcquire(IN_FLIGHT, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("appends still under way after " + TIMEOUT);
      }
      return top();
    }

    private void run() {
      int i = 0;
      while (!stopped.get()) {
        try {
          if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            continue;
          }
        } catch (InterruptedException e) {
          return;
        }
        member
            .history
            .append(envelope(topic, "m" + i++), PLENTY)
            .whenComplete(
                (position, error) -> {
                  if (error != null) {
                    failure.compareAndSet(null, error);
                  } else {
                    epoch.compareAndSet(null, position.epoch());
                    top.accumulateAndGet(position.offset(), Math::max);
                  }
                  permits.release();
                });
        // About ten thousand a second at most: a history in memory would otherwise outrun the
        // retention before a reader paging a few entries at a time catches up with it.
        LockSupport.parkNanos(100_000);
      }
    }
  }
}
