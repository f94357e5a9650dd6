package dev.herald.examples;

import dev.herald.Authenticator;
import dev.herald.CodecException;
import dev.herald.Connection;
import dev.herald.spi.Codec;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Speaks the plain-text protocol of the blog's FastAPI server: clients connect to {@code
 * /ws/{clientId}}, and every message is a text frame.
 *
 * <p>Instances are immutable.
 */
final class TextChat implements Chat<String> {

  @Override
  public Codec<String> codec() {
    return Codec.text();
  }

  @Override
  public Class<String> type() {
    return String.class;
  }

  @Override
  public Authenticator authenticator() {
    return Authenticator.pathSuffix("/ws/");
  }

  @Override
  public String welcome(Connection<String> connection, @Nullable ClusterView cluster) {
    String welcome = "Connected as client " + connection.clientId();
    return cluster == null
        ? welcome
        : welcome
            + " (node "
            + cluster.nodeId()
            + "; cluster connections: "
            + cluster.connections()
            + ")";
  }

  @Override
  public String echo(String message) {
    return "Echo: " + message;
  }

  @Override
  public String broadcast(Connection<String> sender, String message) {
    return "Client " + sender.clientId() + " says: " + message;
  }

  @Override
  public String farewell(Duration reconnectAfter) {
    return "Server shutting down: reconnect in " + reconnectAfter.toMillis() + " ms";
  }

  @Override
  public String invalid(CodecException error) {
    // Only a text frame with invalid UTF-8 or a binary frame gets here.
    return "Invalid message: send UTF-8 text.";
  }
}
