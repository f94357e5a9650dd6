package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.DropReason;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import dev.herald.Stats;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One client stops reading while 1,000 others receive a broadcast flood. */
@ParameterizedClass
@EnumSource(Transports.class)
class SlowConsumerTest {
  @Parameter Transports transport;

  private static final int READERS = 1_000;
  private static final int MESSAGES = 300;
  private static final int ROUND = 10;
  private static final long LIMIT = 128 * 1024;
  private static final String KILOBYTE = "x".repeat(1_000);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void disconnectClosesTheSlowConsumerWhileEveryoneElseGetsEverything() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (TestServer<String> server = start(Overflow.DISCONNECT)) {
      List<TestClient> readers = connectReaders(server);
      RawClient slow = RawClient.handshake(server.uri("slow"));
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == READERS + 1);

      flood(server, readers);

      assertEveryReaderGotEverything(readers);
      Stats stats = server.manager.stats();
      assertThat(stats.closes(CloseCause.SLOW_CONSUMER)).isEqualTo(1);
      assertThat(stats.drops(DropReason.QUEUE_FULL)).isGreaterThanOrEqualTo(1);
      assertThat(server.manager.connectionsOf("slow")).isEmpty();
      assertThat(stats.activeConnections()).isEqualTo(READERS);
      assertThat(slow.closedByServer()).isTrue();
      slow.close();
    } finally {
      System.setErr(stderr);
    }
    assertThat(log.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("WARN dev.herald.ConnectionManager - Closed Connection[")
        .contains("1008 slow consumer: send queue over 131072 bytes");
  }

  @Test
  void dropNewestKeepsTheSlowConsumerUnderItsLimit() throws Exception {
    try (TestServer<String> server = start(Overflow.DROP_NEWEST)) {
      List<TestClient> readers = connectReaders(server);
      RawClient slow = RawClient.handshake(server.uri("slow"));
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == READERS + 1);
      Connection slowConnection = server.manager.connectionsOf("slow").iterator().next();

      long maxQueued = 0;
      for (int round = 0; round < MESSAGES / ROUND; round++) {
        for (int i = round * ROUND; i < (round + 1) * ROUND; i++) {
          server.manager.broadcast(i + ":" + KILOBYTE);
          maxQueued = Math.max(maxQueued, slowConnection.queuedBytes());
        }
        awaitReaders(readers, (round + 1) * ROUND);
      }

      assertEveryReaderGotEverything(readers);
      assertThat(slowConnection.isOpen()).isTrue();
      assertThat(maxQueued).isLessThanOrEqualTo(LIMIT);
      long dropped = server.manager.stats().drops(DropReason.QUEUE_FULL);
      assertThat(dropped).isPositive().isLessThan(MESSAGES);
      // Everything was either queued for the slow consumer or counted as dropped.
      assertThat(server.manager.stats().messagesOut()).isEqualTo((long) MESSAGES * (READERS + 1) - dropped);
      slow.close();
    }
  }

  private TestServer<String> start(Overflow overflow) {
    // A small socket send buffer, or the kernel would absorb megabytes for the peer that stopped
    // reading before Herald's limit saw any of it.
    return TestServer.start(
            transport,
        ConnectionManager.builder(String.class).outbound(OutboundPolicy.limit(LIMIT).onOverflow(overflow)),
        16 * 1024);
  }

  private List<TestClient> connectReaders(TestServer<String> server) {
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      connecting.add(TestClient.connectAsync(server.uri("reader" + i), Map.of()));
    }
    return connecting.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Broadcasts in rounds that the readers keep up with, as a steady feed does: only the client
   * that stopped reading falls behind.
   */
  private static void flood(TestServer<String> server, List<TestClient> readers) {
    for (int round = 0; round < MESSAGES / ROUND; round++) {
      for (int i = round * ROUND; i < (round + 1) * ROUND; i++) {
        server.manager.broadcast(i + ":" + KILOBYTE);
      }
      awaitReaders(readers, (round + 1) * ROUND);
    }
  }

  private static void awaitReaders(List<TestClient> readers, int received) {
    await().atMost(WAIT).until(() -> readers.stream().allMatch(r -> r.pending() >= received));
  }

  private static void assertEveryReaderGotEverything(List<TestClient> readers) {
    for (TestClient reader : readers) {
      List<String> received = reader.awaitTexts(MESSAGES, WAIT);
      assertThat(received.get(0)).startsWith("0:");
      assertThat(received.get(MESSAGES - 1)).startsWith((MESSAGES - 1) + ":");
    }
  }
}
