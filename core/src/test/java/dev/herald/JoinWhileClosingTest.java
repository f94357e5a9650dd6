package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.RecordingTransport;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** A connection that joins topics while it closes must not stay behind in any topic. */
class JoinWhileClosingTest {

  @Test
  void topicsJoinedWhileClosingAreLeftToo() throws Exception {
    ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();
    for (int round = 0; round < 2_000; round++) {
      RecordingTransport transport = RecordingTransport.open(manager, "c");
      String id = RecordingTransport.connectionOf(manager, "c").id();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread joiner =
          new Thread(
              () -> {
                await(start);
                for (int t = 0; t < 20; t++) {
                  manager.join(id, "t" + t);
                }
              });
      joiner.start();
      await(start);
      transport.peerCloses(1000, "bye");
      joiner.join();

      assertThat(manager.stats().topics()).as("round %d", round).isEmpty();
      assertThat(manager.stats().activeConnections()).isZero();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
