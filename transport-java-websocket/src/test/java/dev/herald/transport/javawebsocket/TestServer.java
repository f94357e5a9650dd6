package dev.herald.transport.javawebsocket;

import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** A manager on a real Java-WebSocket server on 127.0.0.1, on a free port. */
final class TestServer implements AutoCloseable {
  final ConnectionManager<String> manager;
  final HeraldWebSocketServer server;
  final int port;

  private TestServer(
      ConnectionManager<String> manager, Consumer<HeraldWebSocketServer.Builder> options) {
    this.manager = manager;
    HeraldWebSocketServer.Builder builder =
        HeraldWebSocketServer.builder(manager).address(new InetSocketAddress("127.0.0.1", 0));
    options.accept(builder);
    this.server = builder.build();
    server.start();
    this.port = server.awaitStart(Duration.ofSeconds(10));
  }

  /** Starts a server whose clients connect to {@code /ws/{clientId}}. */
  static TestServer start(ConnectionManager.Builder<String> builder) {
    return start(builder, options -> {});
  }

  /** Starts a server for {@code /ws/{clientId}} with options for the Java-WebSocket server. */
  static TestServer start(
      ConnectionManager.Builder<String> builder, Consumer<HeraldWebSocketServer.Builder> options) {
    return new TestServer(builder.authenticator(Authenticator.pathSuffix("/ws/")).build(), options);
  }

  /** Starts a server with the manager {@code builder} builds as it is, over TLS if given. */
  static TestServer startAsIs(ConnectionManager.Builder<String> builder, @Nullable SSLContext tls) {
    return new TestServer(
        builder.build(),
        options -> {
          if (tls != null) {
            options.tls(tls);
          }
        });
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
