package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.fixtures.RecordingListener;
import dev.herald.fixtures.RecordingTransport;
import dev.herald.spi.Payload;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Once a close is decided, nothing more from the peer reaches the application: not what arrives
 * after, and not what still waits for the application's executor.
 */
class InputAfterCloseTest {
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private final Executor executor = waiting::add;
  private final RecordingListener<String> listener = new RecordingListener<>();

  @Test
  void messagesWaitingForTheExecutorAreDroppedOnceTheCloseIsDecided() {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .executor(executor)
            .listener(listener)
            .build();
    RecordingTransport peer = RecordingTransport.open(manager, "peer");
    runWaiting();
    Connection<String> connection = RecordingTransport.connectionOf(manager, "peer");

    peer.link().onMessage(Payload.text("before"));
    runWaiting();
    peer.link().onMessage(Payload.text("waiting"));
    connection.close(1000, "done");
    peer.link().onMessage(Payload.text("after"));
    runWaiting();

    assertThat(listener.messages()).containsExactly("before");
  }

  private void runWaiting() {
    Runnable next;
    while ((next = waiting.poll()) != null) {
      next.run();
    }
  }
}
