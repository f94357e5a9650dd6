package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** What {@code onOpen} sends is a connection's first frame, while broadcasts flow to the others. */
interface FirstFrameContract extends TransportFixture {

  @Test
  default void theWelcomeIsTheFirstFrameWhileBroadcastsFlow() throws Exception {
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(
                    new ConnectionListener<>() {
                      @Override
                      public void onOpen(Connection<String> connection) {
                        connection.join("room");
                        connection.send("welcome " + connection.clientId());
                      }
                    }));
    TestClient first = served.connect("first");
    assertThat(first.awaitText(WAIT)).isEqualTo("welcome first");
    AtomicBoolean running = new AtomicBoolean(true);
    Thread broadcaster =
        new Thread(
            () -> {
              while (running.get()) {
                served.manager().broadcast("broadcast");
                served.manager().publish("room", "publish");
                // Paced, so that the one thread that reads for all the test's clients keeps up
                // with 100 of them on a busy machine: their handshakes go through it too.
                LockSupport.parkNanos(10_000_000);
              }
            });
    broadcaster.start();
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int round = 0; round < 5; round++) {
        List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          connecting.add(TestClient.connectAsync(served.uri("c" + round + "-" + i), Map.of()));
        }
        connecting.forEach(attempt -> clients.add(attempt.join()));
      }
      // The broadcasts really raced with the opens: the first client heard them meanwhile.
      assertThat(first.awaitText(WAIT)).isIn("broadcast", "publish");
    } finally {
      running.set(false);
      broadcaster.join();
    }
    for (TestClient client : clients) {
      assertThat(client.awaitText(WAIT)).startsWith("welcome c");
    }
  }
}
