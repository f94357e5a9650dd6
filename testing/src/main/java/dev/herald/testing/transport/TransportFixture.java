package dev.herald.testing.transport;

import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import java.time.Duration;

/** What every behaviour of the kit asks of the transport under test. */
interface TransportFixture {
  /** How long a behaviour waits for anything to happen on the network. */
  Duration WAIT = Duration.ofSeconds(10);

  /**
   * Builds a manager with {@code builder}, serves it with the transport under test on 127.0.0.1 and
   * a free port, and returns it; the kit stops it after the test.
   */
  <T> Served<T> serve(ConnectionManager.Builder<T> builder, ServerOptions options);

  /**
   * Serves a manager as {@link #serve(ConnectionManager.Builder, ServerOptions)} on a plain server.
   */
  default <T> Served<T> serve(ConnectionManager.Builder<T> builder) {
    return serve(builder, ServerOptions.plain());
  }

  /** Returns a builder of a manager of strings whose clients connect to {@code /ws/{clientId}}. */
  static ConnectionManager.Builder<String> clients() {
    return ConnectionManager.builder(String.class).authenticator(Authenticator.pathSuffix("/ws/"));
  }

  /** Returns {@link #clients()} with a listener that broadcasts each message to everyone. */
  static ConnectionManager.Builder<String> broadcast() {
    return clients()
        .listener(
            (ConnectionManager<String> manager) ->
                new ConnectionListener<String>() {
                  @Override
                  public void onMessage(Connection<String> connection, String message) {
                    manager.broadcast(message);
                  }
                });
  }

  /** Returns {@link #clients()} with a listener that answers each message with "Echo: " and it. */
  static ConnectionManager.Builder<String> echo() {
    return clients().listener(new Echo());
  }
}
