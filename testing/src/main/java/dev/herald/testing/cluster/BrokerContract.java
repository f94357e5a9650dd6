package dev.herald.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Delivery;
import dev.herald.spi.Broker;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import dev.herald.spi.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks what every {@link Broker} must do: reach the nodes each envelope and control addresses and
 * only those, carry an envelope unchanged, keep one sender's order, lose nothing while its store is
 * up even with many senders at once, and say when it is connected.
 *
 * <p>A broker's test extends this class and supplies {@link #newBroker()}: a broker for one more
 * node of one cluster shared by the test. Routes that depend on interest (topics, clients) are
 * awaited with probes, since a broker may take time to act on an interest change.
 *
 * <p>Not thread-safe: JUnit makes one instance per test.
 */
public abstract class BrokerContract {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<Broker> started = new ArrayList<>();
  private final String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  /** Returns a broker for one more node of the cluster under test, not yet started. */
  protected abstract Broker newBroker();

  /** A started broker and what it delivered to. */
  protected record Member(String id, Broker broker, RecordingReceiver receiver) {}

  /**
   * Starts a broker as node {@code name} (made unique per test) and returns it once it says it is
   * connected: from then on it receives broadcasts.
   */
  protected Member start(String name) {
    Broker broker = newBroker();
    RecordingReceiver receiver = new RecordingReceiver();
    String id = name + "-" + run;
    broker.start(id, receiver);
    started.add(broker);
    await().atMost(TIMEOUT).until(() -> receiver.connections() > 0);
    return new Member(id, broker, receiver);
  }

  @AfterEach
  void closeBrokers() {
    started.forEach(Broker::close);
  }

  @Test
  void aBroadcastReachesEveryOtherNodeOnceAndNotItsOrigin() {
    Member a = start("a");
    Member b = start("b");
    Member c = start("c");
    awaitRoute(a, List.of(b, c), () -> all("probe"));

    a.broker.publish(all("hello"));

    assertThat(text(next(b))).isEqualTo("hello");
    assertThat(text(next(c))).isEqualTo("hello");
    fence(a, List.of(a, b, c));
    assertThat(a.receiver.poll(Duration.ZERO)).isNull();
  }

  @Test
  void aTopicReachesOnlyTheNodesWithMembersWhileTheyHaveThem() {
    Member a = start("a");
    Member b = start("b");
    Member c = start("c");
    b.receiver.topics.add("news");
    b.broker.interestChanged("news");
    awaitRoute(a, List.of(b), () -> topic("news", "probe"));

    a.broker.publish(topic("news", "headline"));

    assertThat(text(next(b))).isEqualTo("headline");
    fence(a, List.of(b, c));
    b.receiver.topics.remove("news");
    b.broker.interestChanged("news");
    awaitNoRoute(a, b, () -> topic("news", "probe"));
  }

  @Test
  void aClientSendReachesOnlyTheNodesThatHoldTheClient() {
    Member a = start("a");
    Member b = start("b");
    Member c = start("c");
    Member d = start("d");
    b.receiver.clients.add("bob");
    b.broker.clientChanged("bob");
    c.receiver.clients.add("bob");
    c.broker.clientChanged("bob");
    awaitRoute(a, List.of(b, c), () -> client("bob", "probe"));

    a.broker.publish(client("bob", "for bob"));

    assertThat(text(next(b))).isEqualTo("for bob");
    assertThat(text(next(c))).isEqualTo("for bob");
    fence(a, List.of(b, c, d));
  }

  @Test
  void aConnectionSendReachesOnlyItsNode() {
    Member a = start("a");
    Member b = start("b");
    Member c = start("c");
    awaitRoute(a, List.of(b), () -> connection(b.id, "probe"));

    a.broker.publish(connection(b.id, "for one"));

    Envelope got = (Envelope) next(b);
    assertThat(text(got)).isEqualTo("for one");
    assertThat(got.node()).isEqualTo(b.id);
    fence(a, List.of(b, c));
  }

  @Test
  void controlsReachTheNodesHoldingTheClientAndRepliesTheAskingNode() {
    Member a = start("a");
    Member b = start("b");
    Member c = start("c");
    b.receiver.clients.add("bob");
    b.broker.clientChanged("bob");
    awaitRoute(a, List.of(b), () -> client("bob", "probe"));
    awaitRoute(b, List.of(a), () -> connection(a.id, "probe"));

    Control disconnect = Control.disconnect("bob", 4001, "banned");
    a.broker.control(disconnect);
    assertThat(next(b)).isEqualTo(disconnect);
    Control listed = Control.listed("bob", 7, a.id, b.id, List.of());
    b.broker.control(listed);
    assertThat(next(a)).isEqualTo(listed);
    fence(a, List.of(b, c));
    fence(b, List.of(a, c));
  }

  @Test
  void anEnvelopeArrivesAsItWasSent() {
    Member a = start("a");
    Member b = start("b");
    awaitRoute(a, List.of(b), () -> all("probe"));
    Map<String, Payload> payloads = new LinkedHashMap<>();
    payloads.put(Envelope.DEFAULT_PROTOCOL, Payload.text("héllo"));
    payloads.put("msgpack", Payload.binary(new byte[] {0, 1, (byte) 255}));
    Envelope sent =
        Envelope.of(Envelope.Kind.ALL, "", null, "a.k3x9a0qz.1", payloads, Delivery.VOLATILE);

    a.broker.publish(sent);

    Envelope got = (Envelope) next(b);
    assertThat(got).isEqualTo(sent);
    assertThat(got.payloads().keySet()).containsExactly(Envelope.DEFAULT_PROTOCOL, "msgpack");
  }

  @Test
  void whatOneThreadSendsArrivesInOrderAcrossRoutes() {
    Member a = start("a");
    Member b = start("b");
    b.receiver.topics.add("news");
    b.broker.interestChanged("news");
    awaitRoute(a, List.of(b), () -> topic("news", "probe"));

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String text = Integer.toString(i);
      sent.add(text);
      a.broker.publish(
          i % 3 == 0 ? all(text) : i % 3 == 1 ? topic("news", text) : connection(b.id, text));
    }

    List<String> got = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      got.add(text(next(b)));
    }
    assertThat(got).isEqualTo(sent);
  }

  @Test
  void manyThreadsSendingAtOnceLoseNothingAndReportNoGap() throws InterruptedException {
    Member a = start("a");
    Member b = start("b");
    awaitRoute(a, List.of(b), () -> all("probe"));
    int threads = 8;
    int each = 2_000;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      senders.add(
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  a.broker.publish(all(thread + ":" + i));
                }
              }));
    }
    senders.forEach(Thread::start);
    for (Thread sender : senders) {
      sender.join();
    }

    Set<String> got = new HashSet<>();
    while (got.size() < threads * each) {
      Object next = b.receiver.poll(TIMEOUT);
      if (next == null) {
        throw new AssertionError(
            "got " + got.size() + " of " + threads * each + ", gaps " + b.receiver.gaps);
      }
      if (!isProbe(next)) {
        assertThat(got.add(text(next))).as("no duplicate").isTrue();
      }
    }
    fence(a, List.of(b));
    assertThat(b.receiver.gaps).isEmpty();
    assertThat(a.receiver.publishFailures()).isZero();
  }

  @Test
  void aStartedBrokerSaysItIsConnectedOnce() {
    Member a = start("a");
    Member b = start("b");
    awaitRoute(a, List.of(b), () -> all("probe"));

    assertThat(a.receiver.connections()).isEqualTo(1);
    assertThat(a.receiver.disconnections()).isZero();
  }

  /** Returns a broadcast of {@code text}. */
  protected static Envelope all(String text) {
    return envelope(Envelope.Kind.ALL, "", null, text);
  }

  /** Returns a publication of {@code text} to {@code topic}. */
  protected static Envelope topic(String topic, String text) {
    return envelope(Envelope.Kind.TOPIC, topic, null, text);
  }

  /** Returns a send of {@code text} to every connection of {@code clientId}. */
  protected static Envelope client(String clientId, String text) {
    return envelope(Envelope.Kind.CLIENT, clientId, null, text);
  }

  /** Returns a send of {@code text} to a connection of {@code node}. */
  protected static Envelope connection(String node, String text) {
    return envelope(Envelope.Kind.CONNECTION, node + ".k3x9a0qz.1", node, text);
  }

  /** Returns the text of an envelope's default payload. */
  protected static String text(Object received) {
    if (!(received instanceof Envelope envelope)) {
      throw new AssertionError("not an envelope: " + received);
    }
    Payload payload = envelope.payloads().get(Envelope.DEFAULT_PROTOCOL);
    if (!(payload instanceof Payload.Text text)) {
      throw new AssertionError("no text payload: " + envelope);
    }
    return text.text();
  }

  /** Returns the next envelope or control that is not a probe, failing after a timeout. */
  protected static Object next(Member member) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Object got = member.receiver.poll(Duration.ofMillis(100));
      if (got != null && !isProbe(got)) {
        return got;
      }
    }
    throw new AssertionError(member.id + " received nothing within " + TIMEOUT);
  }

  /**
   * Sends probes from {@code from} until each of {@code to} received one: the route exists. Later
   * probes may still arrive; {@link #next} skips them.
   */
  protected void awaitRoute(Member from, List<Member> to, Supplier<Envelope> probe) {
    Set<Member> waiting = new HashSet<>(to);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!waiting.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no route from " + from.id + " to " + waiting);
      }
      from.broker.publish(probe.get());
      for (Member member : List.copyOf(waiting)) {
        Object got = member.receiver.poll(Duration.ofMillis(50));
        if (got != null && isProbe(got)) {
          waiting.remove(member);
        } else if (got != null) {
          throw new AssertionError(member.id + " received " + got + " while probing");
        }
      }
    }
  }

  /** Sends probes until {@code to} stops receiving them. */
  protected void awaitNoRoute(Member from, Member to, Supplier<Envelope> probe) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (probeArrives(from, to, probe.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the route from " + from.id + " to " + to.id + " stays");
      }
    }
  }

  /**
   * Sends {@code probe} and a fence after it, and tells whether the probe came before the fence.
   */
  private static boolean probeArrives(Member from, Member to, Envelope probe) {
    String fence = "fence-" + System.nanoTime();
    from.broker.publish(probe);
    from.broker.publish(all(fence));
    boolean arrived = false;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Object got = to.receiver.poll(Duration.ofMillis(100));
      if (got instanceof Envelope envelope && text(envelope).equals(fence)) {
        return arrived;
      }
      arrived |= got != null && isProbe(got);
    }
    throw new AssertionError(to.id + " never got the fence");
  }

  /**
   * Broadcasts a fence from {@code from} and checks that each of {@code members} (the sender itself
   * receives none) gets nothing but probes before it: what was sent before it arrived.
   */
  protected static void fence(Member from, List<Member> members) {
    String fence = "fence-" + System.nanoTime();
    from.broker.publish(all(fence));
    for (Member member : members) {
      if (member == from) {
        continue;
      }
      Object got = next(member);
      assertThat(got)
          .as(member.id + " got only what was meant for it")
          .isInstanceOf(Envelope.class);
      assertThat(text(got)).as(member.id + " got only what was meant for it").isEqualTo(fence);
    }
  }

  private static boolean isProbe(Object got) {
    return got instanceof Envelope envelope && text(envelope).startsWith("probe");
  }

  private static Envelope envelope(
      Envelope.Kind kind, String target, @Nullable String node, String text) {
    return Envelope.of(
        kind,
        target,
        node,
        null,
        Map.of(Envelope.DEFAULT_PROTOCOL, Payload.text(text)),
        Delivery.STANDARD);
  }
}
