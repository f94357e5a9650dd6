package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.DropReason;
import dev.herald.InboundPolicy;
import dev.herald.Stats;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * One client sends large messages back to back, each inside every default limit, and the server
 * broadcasts each to 50 readers that keep up: none of them is a slow consumer, whatever the event
 * loops have not flushed yet when the next message arrives.
 */
interface BurstContract extends TransportFixture {
  int READERS = 50;
  Duration BURST_WAIT = Duration.ofSeconds(60);

  @Test
  default void twoMessagesOfTheMaximumSizeBackToBackCloseNoReader() throws Exception {
    // The largest payload the default inbound policy takes, sent twice without a pause.
    int size = InboundPolicy.defaults().maxMessageSize();
    assertEveryoneGetsEverything(2, size);
  }

  @Test
  default void fortyMessagesOf64KibBackToBackCloseNoReader() throws Exception {
    assertEveryoneGetsEverything(40, 64 * 1024);
  }

  private void assertEveryoneGetsEverything(int messages, int size) throws Exception {
    Served<String> served = serve(TransportFixture.broadcast());
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      connecting.add(TestClient.connectAsync(served.uri("reader" + i), Map.of()));
    }
    List<TestClient> readers = connecting.stream().map(CompletableFuture::join).toList();
    try (TestClient sender = TestClient.connect(served.uri("sender"))) {
      await().atMost(WAIT).until(() -> served.manager().stats().activeConnections() == READERS + 1);

      for (int i = 0; i < messages; i++) {
        String prefix = i + ":";
        sender.send(prefix + "x".repeat(size - prefix.length()));
      }

      for (TestClient reader : readers) {
        List<String> received = reader.awaitTexts(messages, BURST_WAIT);
        for (int i = 0; i < messages; i++) {
          assertThat(received.get(i)).startsWith(i + ":").hasSize(size);
        }
      }
      assertThat(sender.awaitTexts(messages, BURST_WAIT)).hasSize(messages);
      Stats stats = served.manager().stats();
      assertThat(stats.closes(CloseCause.SLOW_CONSUMER)).isZero();
      assertThat(stats.drops(DropReason.QUEUE_FULL)).isZero();
      assertThat(stats.activeConnections()).isEqualTo(READERS + 1);
    } finally {
      readers.forEach(TestClient::close);
    }
  }
}
