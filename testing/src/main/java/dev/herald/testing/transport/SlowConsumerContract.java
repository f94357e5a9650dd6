package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Connection;
import dev.herald.DropReason;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import dev.herald.Stats;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One client stops reading while 500 others receive a broadcast flood. */
interface SlowConsumerContract extends TransportFixture {
  int READERS = 500;
  int MESSAGES = 300;
  int ROUND = 10;
  long LIMIT = 128 * 1024;
  long TRANSPORT_BUFFER = 64 * 1024 + 1_024;
  String KILOBYTE = "x".repeat(1_000);
  Duration SLOW_WAIT = Duration.ofSeconds(60);

  @Test
  default void disconnectClosesTheSlowConsumerWhileEveryoneElseGetsEverything() throws Exception {
    Served<String> served = serveWithLimit(Overflow.DISCONNECT);
    List<TestClient> readers = connectReaders(served);
    try (RawClient slow = RawClient.handshake(served.uri("slow"))) {
      served.awaitOpen("slow", 1);

      flood(served, readers);

      assertEveryReaderGotEverything(readers);
      Stats stats = served.manager().stats();
      assertThat(stats.closes(CloseCause.SLOW_CONSUMER)).isEqualTo(1);
      assertThat(stats.drops(DropReason.QUEUE_FULL)).isGreaterThanOrEqualTo(1);
      assertThat(served.manager().connectionsOf("slow")).isEmpty();
      assertThat(stats.activeConnections()).isEqualTo(READERS);
      assertThat(slow.closedByServer()).isTrue();
    }
  }

  @Test
  default void dropNewestKeepsTheSlowConsumerUnderItsLimit() throws Exception {
    Served<String> served = serveWithLimit(Overflow.DROP_NEWEST);
    List<TestClient> readers = connectReaders(served);
    try (RawClient slow = RawClient.handshake(served.uri("slow"))) {
      assertThat(slow.response()).startsWith("HTTP/1.1 101");
      served.awaitOpen("slow", 1);
      Connection<String> slowConnection = served.manager().connectionsOf("slow").iterator().next();

      long maxQueued = 0;
      for (int round = 0; round < MESSAGES / ROUND; round++) {
        for (int i = round * ROUND; i < (round + 1) * ROUND; i++) {
          served.manager().broadcast(i + ":" + KILOBYTE);
          maxQueued = Math.max(maxQueued, slowConnection.queuedBytes());
        }
        awaitReaders(readers, (round + 1) * ROUND);
      }

      assertEveryReaderGotEverything(readers);
      assertThat(slowConnection.isOpen()).isTrue();
      // What waits behind the socket stays under the limit; the writer may hold one write buffer
      // more (64 KiB on both transports) that it took and the socket refused.
      assertThat(maxQueued).isLessThanOrEqualTo(LIMIT + TRANSPORT_BUFFER);
      long dropped = served.manager().stats().drops(DropReason.QUEUE_FULL);
      assertThat(dropped).isPositive().isLessThan(MESSAGES);
      // Everything was either queued for the slow consumer or counted as dropped.
      assertThat(served.manager().stats().messagesOut())
          .isEqualTo((long) MESSAGES * (READERS + 1) - dropped);
    }
  }

  @Test
  default void whatAPeerThatStopsReadingCannotTakeWaitsInTheManagerThenFollowsInOrder()
      throws Exception {
    int frames = 200;
    String payload = "y".repeat(60_000);
    Served<String> served =
        serve(
            TransportFixture.clients().outbound(OutboundPolicy.defaults().limit(32 << 20)),
            ServerOptions.plain().sendBufferSize(16 * 1024));
    try (RawClient sleeper = RawClient.open(served.base().getPort(), 4096)) {
      sleeper.sendUpgrade("/ws/sleeper", "");
      assertThat(sleeper.readAnswer().status()).isEqualTo(101);
      served.awaitOpen("sleeper", 1);
      Connection<String> connection = served.manager().connectionsOf("sleeper").iterator().next();

      for (int i = 0; i < frames; i++) {
        assertThat(connection.send(i + ":" + payload)).isTrue();
      }

      // The sockets take a little and the transport at most its write buffer: the rest waits in
      // the manager, counted, while the peer does not read.
      long total = (long) frames * (payload.length() + 8);
      await().atMost(WAIT).until(() -> connection.queuedBytes() > total / 2);
      for (int i = 0; i < frames; i++) {
        RawClient.RawFrame frame = sleeper.readMessage();
        assertThat(new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8))
            .startsWith(i + ":");
      }
      await().atMost(WAIT).until(() -> connection.queuedBytes() == 0);
      assertThat(connection.isOpen()).isTrue();
    }
  }

  private Served<String> serveWithLimit(Overflow overflow) {
    // A small socket send buffer, or the kernel would absorb megabytes for the peer that stopped
    // reading before Herald's limit saw any of it.
    return serve(
        TransportFixture.clients()
            .outbound(OutboundPolicy.defaults().limit(LIMIT).onOverflow(overflow)),
        ServerOptions.plain().sendBufferSize(16 * 1024));
  }

  private static List<TestClient> connectReaders(Served<String> served) {
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      connecting.add(TestClient.connectAsync(served.uri("reader" + i), Map.of()));
    }
    List<TestClient> readers = connecting.stream().map(CompletableFuture::join).toList();
    await().atMost(SLOW_WAIT).until(() -> served.manager().stats().activeConnections() == READERS);
    return readers;
  }

  /**
   * Broadcasts in rounds that the readers keep up with, as a steady feed does: only the client that
   * stopped reading falls behind.
   */
  private static void flood(Served<String> served, List<TestClient> readers) {
    for (int round = 0; round < MESSAGES / ROUND; round++) {
      for (int i = round * ROUND; i < (round + 1) * ROUND; i++) {
        served.manager().broadcast(i + ":" + KILOBYTE);
      }
      awaitReaders(readers, (round + 1) * ROUND);
    }
  }

  private static void awaitReaders(List<TestClient> readers, int received) {
    await().atMost(SLOW_WAIT).until(() -> readers.stream().allMatch(r -> r.pending() >= received));
  }

  private static void assertEveryReaderGotEverything(List<TestClient> readers) {
    for (TestClient reader : readers) {
      List<String> received = reader.awaitTexts(MESSAGES, SLOW_WAIT);
      assertThat(received.get(0)).startsWith("0:");
      assertThat(received.get(MESSAGES - 1)).startsWith((MESSAGES - 1) + ":");
    }
  }
}
