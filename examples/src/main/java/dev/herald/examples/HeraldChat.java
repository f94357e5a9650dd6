package dev.herald.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.Authenticator;
import dev.herald.CodecException;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.HistoryPolicy;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.json.JsonProtocol;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.codec.msgpack.MsgpackProtocol;
import dev.herald.redis.RedisBridge;
import dev.herald.spi.Codec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Speaks the JSON chat to plain clients, and the Herald client protocol to clients that ask for
 * {@code herald.v1.json} or {@code herald.v1.msgpack}: each room is a topic {@code room:NAME} that
 * clients subscribe and publish to, keeping its last 1,000 messages for ten minutes, so that a
 * client that reconnects gets what it missed: in memory on a lone node, on Redis Streams in a
 * cluster, where it resumes on any node.
 *
 * <p>Instances are immutable.
 */
final class HeraldChat implements Chat<JsonNode> {
  static final String ROOMS = "room:*";

  private final JsonChat json = new JsonChat(JsonCodec.of(JsonNode.class));

  @Override
  public Codec<JsonNode> codec() {
    return json.codec();
  }

  @Override
  public Authenticator authenticator() {
    return json.authenticator();
  }

  @Override
  public JsonNode welcome(Connection<JsonNode> connection, @Nullable ClusterView cluster) {
    return json.welcome(connection, cluster);
  }

  @Override
  public JsonNode echo(JsonNode message) {
    return json.echo(message);
  }

  @Override
  public JsonNode broadcast(Connection<JsonNode> sender, JsonNode message) {
    return json.broadcast(sender, message);
  }

  @Override
  public JsonNode invalid(CodecException error) {
    return json.invalid(error);
  }

  @Override
  public void configure(ConnectionManager.Builder<JsonNode> builder, @Nullable RedisBridge bridge) {
    builder
        .clientProtocol(JsonProtocol.v1(), JsonCodec.of(JsonNode.class))
        .clientProtocol(MsgpackProtocol.v1(), MsgpackCodec.of(JsonNode.class))
        .topicAuthorizer(
            (connection, action, topic) ->
                CompletableFuture.completedFuture(topic.startsWith("room:")));
    HistoryPolicy rooms = HistoryPolicy.of(ROOMS, 1000, Duration.ofMinutes(10));
    if (bridge == null) {
      builder.history(rooms);
    } else {
      builder.history(rooms, bridge.history());
    }
  }
}
