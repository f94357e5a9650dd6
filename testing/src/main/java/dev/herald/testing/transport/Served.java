package dev.herald.testing.transport;

import dev.herald.ConnectionManager;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A manager served by the transport under test on 127.0.0.1, as a behaviour of the kit uses it.
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the manager's message type
 */
public final class Served<T> {
  private final ConnectionManager<T> manager;
  private final URI base;

  Served(ConnectionManager<T> manager, URI base) {
    this.manager = manager;
    this.base = base;
  }

  /** Returns the manager the server hands its connections to. */
  public ConnectionManager<T> manager() {
    return manager;
  }

  /** Returns the server's base URI, such as {@code ws://127.0.0.1:50123}. */
  public URI base() {
    return base;
  }

  /** Returns the URI of {@code /ws/{clientId}}. */
  public URI uri(String clientId) {
    return base.resolve("/ws/" + clientId);
  }

  /** Connects a client to {@code /ws/{clientId}} and waits until its {@code onOpen} returned. */
  public TestClient connect(String clientId) {
    int before = manager.connectionsOf(clientId).size();
    TestClient client = TestClient.connect(uri(clientId));
    awaitOpen(clientId, before + 1);
    return client;
  }

  /**
   * Opens a raw client, completes the handshake for {@code /ws/{clientId}} and waits until the
   * connection is open.
   *
   * @throws AssertionError if the server does not upgrade the connection
   */
  public RawClient connectRaw(String clientId) throws IOException {
    int before = manager.connectionsOf(clientId).size();
    RawClient client = RawClient.open(base.getPort(), 0);
    client.sendUpgrade("/ws/" + clientId, "");
    int status = client.readAnswer().status();
    if (status != 101) {
      client.close();
      throw new AssertionError("not upgraded: " + status);
    }
    awaitOpen(clientId, before + 1);
    return client;
  }

  /** Waits until {@code clientId} holds {@code count} open connections. */
  public void awaitOpen(String clientId, int count) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.connectionsOf(clientId).size() >= count);
  }
}
