package dev.herald.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.msgpack.MsgpackCodec;
import java.util.Locale;

/**
 * Names the wire protocols {@link EchoBroadcastServer} speaks, as the {@code --protocol} flag does.
 */
enum Protocol {
  /** Plain text frames: {@code Echo: DATA}, as the blog's FastAPI server. */
  TEXT,
  /** JSON text frames: typed welcome, echo, broadcast and error objects, as its Next.js server. */
  JSON,
  /** The JSON protocol's documents in MessagePack binary frames. */
  MSGPACK,
  /**
   * The JSON protocol for plain clients, and the Herald client protocol ({@code herald.v1.json},
   * {@code herald.v1.msgpack}) for clients that ask for it: a topic per room, with history.
   */
  HERALD;

  /**
   * Returns the protocol named {@code name}: text, json, msgpack or herald.
   *
   * @throws IllegalArgumentException for any other name
   */
  static Protocol of(String name) {
    for (Protocol protocol : values()) {
      if (protocol.flag().equals(name)) {
        return protocol;
      }
    }
    throw new IllegalArgumentException("not text, json, msgpack or herald: " + name);
  }

  /** Returns the name the flag takes. */
  String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the protocol's messages and handshake rules. */
  Chat<?> chat() {
    return switch (this) {
      case TEXT -> new TextChat();
      case JSON -> new JsonChat(JsonCodec.of(JsonNode.class));
      case MSGPACK -> new JsonChat(MsgpackCodec.of(JsonNode.class));
      case HERALD -> new HeraldChat();
    };
  }
}
