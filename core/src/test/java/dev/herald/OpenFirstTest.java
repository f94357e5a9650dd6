package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.fixtures.RecordingTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What {@code onOpen} sends is a connection's first frame, however many broadcasts, publishes and
 * sends to its client race with its opening: until {@code onOpen} returns, those skip it.
 */
class OpenFirstTest {
  private static final int CONNECTIONS = 2_000;

  @Test
  void theWelcomeComesFirstWhileBroadcastsFlowOnTheIoThread() throws Exception {
    assertWelcomeFirst(null);
  }

  @Test
  void theWelcomeComesFirstWhileBroadcastsFlowWithAnExecutor() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      assertWelcomeFirst(executor);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aConnectionThatIsOpeningIsNotCountedNorListed() {
    List<Integer> seenDuringOpen = new ArrayList<>();
    ConnectionManager<String>[] holder = newHolder();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onOpen(Connection<String> connection) {
                    seenDuringOpen.add(holder[0].stats().activeConnections());
                    seenDuringOpen.add(holder[0].connectionsOf(connection.clientId()).size());
                    seenDuringOpen.add(holder[0].broadcast("before"));
                    connection.send("welcome");
                  }
                })
            .build();
    holder[0] = manager;

    RecordingTransport transport = RecordingTransport.open(manager, "c");

    assertThat(seenDuringOpen).containsExactly(0, 0, 0);
    assertThat(manager.stats().activeConnections()).isEqualTo(1);
    assertThat(manager.broadcast("after")).isEqualTo(1);
    assertThat(transport.texts()).containsExactly("welcome", "after");
  }

  private static void assertWelcomeFirst(ExecutorService executor) throws Exception {
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onOpen(Connection<String> connection) {
                    connection.join("room");
                    connection.send("welcome " + connection.id());
                  }
                });
    if (executor != null) {
      builder.executor(executor);
    }
    ConnectionManager<String> manager = builder.build();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    senders.add(new Thread(() -> repeat(running, () -> manager.broadcast("broadcast"))));
    senders.add(new Thread(() -> repeat(running, () -> manager.publish("room", "publish"))));
    senders.add(new Thread(() -> repeat(running, () -> manager.sendToClient("c", "client"))));
    senders.forEach(Thread::start);
    List<RecordingTransport> transports = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        transports.add(RecordingTransport.open(manager, "c"));
      }
      // Until every connection is open and the first has heard each kind of send.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  manager.stats().activeConnections() == CONNECTIONS
                      && transports
                          .get(0)
                          .texts()
                          .containsAll(List.of("broadcast", "publish", "client")));
    } finally {
      running.set(false);
      for (Thread sender : senders) {
        sender.join();
      }
    }
    for (RecordingTransport transport : transports) {
      assertThat(transport.texts().get(0)).startsWith("welcome ");
    }
  }

  private static void repeat(AtomicBoolean running, Runnable send) {
    while (running.get()) {
      send.run();
    }
  }

  @SuppressWarnings("unchecked")
  private static ConnectionManager<String>[] newHolder() {
    return new ConnectionManager[1];
  }
}
