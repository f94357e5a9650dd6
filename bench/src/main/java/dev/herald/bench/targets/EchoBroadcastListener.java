package dev.herald.bench.targets;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;

/**
 * Answers the benchmark protocol through a manager: welcome, echo, and broadcast to everyone or to
 * the room.
 *
 * <p>This class is thread-safe.
 */
final class EchoBroadcastListener implements ConnectionListener<String> {
  static final String ROOM = "room";
  private static final String TOPIC_PREFIX = "room:";

  private final ConnectionManager<String> herald;

  EchoBroadcastListener(ConnectionManager<String> herald) {
    this.herald = herald;
  }

  @Override
  public void onOpen(Connection<String> connection) {
    String room = connection.attributes().get(ROOM);
    if (room != null) {
      connection.join(TOPIC_PREFIX + room);
    }
    connection.send("Connected as client " + connection.clientId());
  }

  @Override
  public void onMessage(Connection<String> connection, String message) {
    String clientId = connection.clientId();
    Convention convention = Convention.of(clientId);
    if (convention != Convention.PUBLISHER) {
      connection.send("Echo: " + message);
      if (convention == Convention.ECHO_ONLY) {
        return;
      }
    }
    String said = "Client " + clientId + " says: " + message;
    String room = connection.attributes().get(ROOM);
    if (room != null) {
      herald.publish(TOPIC_PREFIX + room, said, connection.id());
    } else {
      herald.broadcast(said, connection.id());
    }
  }
}
