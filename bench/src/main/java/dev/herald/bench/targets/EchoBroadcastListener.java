package dev.herald.bench.targets;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Answers the benchmark protocol through a manager: welcome, echo, and broadcast to everyone or to
 * the room.
 *
 * <p>This class is thread-safe once {@link #attach} was called.
 */
final class EchoBroadcastListener implements ConnectionListener<String> {
  static final String ROOM = "room";
  private static final String TOPIC_PREFIX = "room:";

  private volatile @Nullable ConnectionManager<String> manager;

  void attach(ConnectionManager<String> manager) {
    this.manager = manager;
  }

  @Override
  public void onOpen(Connection connection) {
    ConnectionManager<String> herald = Objects.requireNonNull(manager);
    String room = connection.attributes().get(ROOM);
    if (room != null) {
      herald.join(connection.id(), TOPIC_PREFIX + room);
    }
    herald.sendTo(connection.id(), "Connected as client " + connection.clientId());
  }

  @Override
  public void onMessage(Connection connection, String message) {
    ConnectionManager<String> herald = Objects.requireNonNull(manager);
    String clientId = connection.clientId();
    Convention convention = Convention.of(clientId);
    if (convention != Convention.PUBLISHER) {
      herald.sendTo(connection.id(), "Echo: " + message);
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
