package dev.herald.examples.boot;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Welcomes, echoes and broadcasts. The manager is built with this listener, so the listener reaches
 * it through a provider rather than in its constructor.
 */
final class ChatListener implements ConnectionListener<String> {
  private final ObjectProvider<ConnectionManager<String>> manager;

  ChatListener(ObjectProvider<ConnectionManager<String>> manager) {
    this.manager = manager;
  }

  @Override
  public void onOpen(Connection<String> connection) {
    connection.send("Connected as client " + connection.clientId());
  }

  @Override
  public void onMessage(Connection<String> connection, String message) {
    connection.send("Echo: " + message);
    manager
        .getObject()
        .broadcast("Client " + connection.clientId() + " says: " + message, connection.id());
  }
}
