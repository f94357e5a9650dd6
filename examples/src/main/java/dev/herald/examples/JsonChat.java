package dev.herald.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.Admission;
import dev.herald.Authenticator;
import dev.herald.CodecException;
import dev.herald.Connection;
import dev.herald.spi.Codec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Speaks the JSON protocol of the blog's Next.js server, in whichever encoding the codec writes:
 * JSON text frames, or the same documents as MessagePack binary frames. Clients connect to {@code
 * /api/ws?clientId=ID} or {@code /ws/ID}; without a client id they are {@code anonymous}.
 *
 * <p>Instances are immutable.
 */
final class JsonChat implements Chat<JsonNode> {
  static final String INVALID = "Invalid message format. Please send valid JSON.";

  // What JavaScript's Date.toISOString() writes, so that clients of both servers parse the same.
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Codec<JsonNode> codec;

  JsonChat(Codec<JsonNode> codec) {
    this.codec = codec;
  }

  @Override
  public Codec<JsonNode> codec() {
    return codec;
  }

  @Override
  public Class<JsonNode> type() {
    return JsonNode.class;
  }

  @Override
  public Authenticator authenticator() {
    return handshake -> {
      String path = handshake.path();
      String clientId;
      if (path.equals("/api/ws") || path.equals("/ws") || path.equals("/ws/")) {
        clientId = handshake.queryParameter("clientId");
      } else if (path.startsWith("/ws/")) {
        clientId = path.substring("/ws/".length());
      } else {
        return Admission.reject(404, "no WebSocket endpoint at " + path);
      }
      if (clientId == null || clientId.isEmpty()) {
        clientId = "anonymous";
      }
      return ClientIds.isValid(clientId)
          ? Admission.accept(clientId)
          : Admission.reject(400, ClientIds.RULE);
    };
  }

  @Override
  public JsonNode welcome(Connection<JsonNode> connection, @Nullable ClusterView cluster) {
    ObjectNode welcome =
        NODES
            .objectNode()
            .put("type", "welcome")
            .put("connectionId", connection.id())
            .put("message", "Connected as " + connection.clientId());
    if (cluster != null) {
      welcome.put("nodeId", cluster.nodeId()).put("clusterConnections", cluster.connections());
    }
    return welcome;
  }

  @Override
  public JsonNode echo(JsonNode message) {
    ObjectNode echo = NODES.objectNode().put("type", "echo");
    echo.set("data", message);
    return echo.put("timestamp", now());
  }

  @Override
  public JsonNode broadcast(Connection<JsonNode> sender, JsonNode message) {
    ObjectNode broadcast =
        NODES.objectNode().put("type", "broadcast").put("clientId", sender.clientId());
    broadcast.set("data", message);
    return broadcast.put("timestamp", now());
  }

  @Override
  public JsonNode farewell(Duration reconnectAfter) {
    return NODES
        .objectNode()
        .put("type", "farewell")
        .put("message", "Server shutting down")
        .put("reconnectAfter", reconnectAfter.toMillis());
  }

  @Override
  public JsonNode invalid(CodecException error) {
    return NODES.objectNode().put("type", "error").put("message", INVALID);
  }

  private static String now() {
    return TIMESTAMP.format(Instant.now());
  }
}
