package dev.herald.examples;

import dev.herald.CloseStatus;
import dev.herald.CodecException;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Welcomes each connection, echoes each message to its sender and broadcasts it to every other
 * connection of the cluster. Logs opens and closes at INFO, messages only at DEBUG.
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the message type of the protocol
 */
final class ChatListener<T> implements ConnectionListener<T> {
  // The example logs under one name, the one its users see in the start line.
  private static final Logger log = LoggerFactory.getLogger(EchoBroadcastServer.class);

  private final Chat<T> chat;
  private final boolean clustered;
  private final ConnectionManager<T> manager;
  private final AtomicInteger active = new AtomicInteger();

  ChatListener(Chat<T> chat, boolean clustered, ConnectionManager<T> manager) {
    this.chat = chat;
    this.clustered = clustered;
    this.manager = manager;
  }

  @Override
  public void onOpen(Connection<T> connection) {
    ClusterView cluster =
        clustered ? new ClusterView(manager.nodeId(), manager.clusterConnections()) : null;
    connection.send(chat.welcome(connection, cluster));
    log.info(
        "Client {} connected as {} ({} active)",
        connection.clientId(),
        connection.id(),
        active.incrementAndGet());
  }

  @Override
  public void onMessage(Connection<T> connection, T message) {
    connection.send(chat.echo(message));
    manager.broadcast(chat.broadcast(connection, message), connection.id());
    log.debug("Message from {}", connection.id());
  }

  @Override
  public void onClose(Connection<T> connection, CloseStatus status) {
    log.info(
        "Client {} disconnected from {}: {} {} ({} active)",
        connection.clientId(),
        connection.id(),
        status.code(),
        status.cause(),
        active.decrementAndGet());
  }

  @Override
  public void onError(@Nullable Connection<T> connection, Throwable error) {
    if (error instanceof CodecException) {
      // The manager has answered with the protocol's error message; nothing else to do.
      log.debug("Undecodable message from {}: {}", connection, error.getMessage());
    } else {
      log.warn("Error on {}", connection, error);
    }
  }
}
