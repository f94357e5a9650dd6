package dev.herald.examples;

import dev.herald.ConnectionManager;
import dev.herald.HistoryPolicy;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.json.JsonProtocol;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.codec.msgpack.MsgpackProtocol;
import dev.herald.redis.RedisBridge;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Serves the Herald client protocol ({@code herald.v1.json}, {@code herald.v1.msgpack}) next to
 * every chat protocol: each room is a topic {@code room:NAME} that clients subscribe and publish
 * to, keeping its last 1,000 messages for ten minutes, so that a client that reconnects gets what
 * it missed: in memory on a lone node, on Redis Streams in a cluster, where it resumes on any node.
 * The chat's own messages reach these clients in {@code message} frames.
 */
final class Rooms {
  static final String PATTERN = "room:*";

  private Rooms() {}

  /**
   * Adds the Herald protocol, whose {@code data} are values of {@code type}, and the rooms to
   * {@code builder}; {@code bridge} is null on a lone node.
   */
  static <T> void configure(
      ConnectionManager.Builder<T> builder, Class<T> type, @Nullable RedisBridge bridge) {
    builder
        .clientProtocol(JsonProtocol.v1(), JsonCodec.of(type))
        .clientProtocol(MsgpackProtocol.v1(), MsgpackCodec.of(type))
        .topicAuthorizer(
            (connection, action, topic) ->
                CompletableFuture.completedFuture(topic.startsWith("room:")));
    HistoryPolicy rooms = HistoryPolicy.of(PATTERN, 1000, Duration.ofMinutes(10));
    if (bridge == null) {
      builder.history(rooms);
    } else {
      builder.history(rooms, bridge.history());
    }
  }
}
