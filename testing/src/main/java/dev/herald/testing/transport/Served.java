package dev.herald.testing.transport;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
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

  /** Waits until {@code clientId} holds {@code count} open connections. */
  public void awaitOpen(String clientId, int count) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.connectionsOf(clientId).size() >= count);
  }
}
