package dev.herald.integration;

import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** A manager on a real server of one transport, on 127.0.0.1 and a free port. */
final class TestServer<T> implements AutoCloseable {
  final ConnectionManager<T> manager;
  final int port;
  private final Transports.Stopper stopper;

  private TestServer(
      Transports transport, ConnectionManager<T> manager, int sendBufferSize, @Nullable SSLContext tls) {
    this.manager = manager;
    Transports.Running running = transport.start(manager, sendBufferSize, tls);
    this.port = running.port();
    this.stopper = running.stopper();
  }

  /** Starts a server of strings whose clients connect to {@code /ws/{clientId}}. */
  static TestServer<String> start(Transports transport) {
    return start(transport, ConnectionManager.builder(String.class));
  }

  /** Starts a server whose clients connect to {@code /ws/{clientId}}. */
  static <T> TestServer<T> start(Transports transport, ConnectionManager.Builder<T> builder) {
    return start(transport, builder, 0);
  }

  /** Starts a server for {@code /ws/{clientId}} with a small socket send buffer per connection. */
  static <T> TestServer<T> start(
      Transports transport, ConnectionManager.Builder<T> builder, int sendBufferSize) {
    return new TestServer<>(
        transport, builder.authenticator(Authenticator.pathSuffix("/ws/")).build(), sendBufferSize, null);
  }

  /** Starts a server with the manager {@code builder} builds as it is, over TLS if given. */
  static <T> TestServer<T> startAsIs(
      Transports transport, ConnectionManager.Builder<T> builder, @Nullable SSLContext tls) {
    return new TestServer<>(transport, builder.build(), 0, tls);
  }

  URI uri(String clientId) {
    return URI.create("ws://127.0.0.1:" + port + "/ws/" + clientId);
  }

  TestClient connect(String clientId) {
    return TestClient.connect(uri(clientId));
  }

  @Override
  public void close() {
    stopper.shutdown(Duration.ofSeconds(5));
  }
}
