package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConnectionManager;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code isListening()} says whether the server listens, from its start to its close. */
class ListeningTest {

  @Test
  void aServerListensFromStartUntilClose() {
    ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();
    HeraldNettyServer server =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .workerThreads(1)
            .build();
    try {
      assertThat(server.isListening()).isFalse();
      server.start();
      assertThat(server.isListening()).isTrue();
      server.close();
      assertThat(server.isListening()).isFalse();
    } finally {
      server.close();
      manager.shutdown(Duration.ZERO);
    }
  }
}
