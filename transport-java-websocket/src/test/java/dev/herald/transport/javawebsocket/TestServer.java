package dev.herald.transport.javawebsocket;

import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** A manager on a real Java-WebSocket server on 127.0.0.1, on a free port. */
final class TestServer implements AutoCloseable {
  final ConnectionManager<String> manager;
  final HeraldWebSocketServer server;
  final int port;

  private TestServer(ConnectionManager<String> manager) {
    this.manager = manager;
    this.server =
        HeraldWebSocketServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .build();
    server.start();
    this.port = server.awaitStart(Duration.ofSeconds(10));
  }

  /** Starts a server whose clients connect to {@code /ws/{clientId}}. */
  static TestServer start(ConnectionManager.Builder<String> builder) {
    return new TestServer(builder.authenticator(Authenticator.pathSuffix("/ws/")).build());
  }

  static TestServer start() {
    return start(ConnectionManager.builder(String.class));
  }

  URI uri(String clientId) {
    return URI.create("ws://127.0.0.1:" + port + "/ws/" + clientId);
  }

  TestClient connect(String clientId) {
    return TestClient.connect(uri(clientId));
  }

  @Override
  public void close() {
    server.shutdown(Duration.ofSeconds(5));
  }
}
