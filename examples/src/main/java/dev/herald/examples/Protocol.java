package dev.herald.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.msgpack.MsgpackCodec;
import java.util.Locale;

/**
 * Names the raw wire protocols {@link EchoBroadcastServer} speaks, as the {@code --protocol} flag
 * does, to clients that ask for no subprotocol. Clients that ask for the Herald client protocol get
 * it whichever is chosen ({@link Rooms}).
 */
enum Protocol {
  /** Plain text frames: {@code Echo: DATA}, as the blog's FastAPI server. */
  TEXT,
  /** JSON text frames: typed welcome, echo, broadcast and error objects, as its Next.js server. */
  JSON,
  /** The JSON protocol's documents in MessagePack binary frames. */
  MSGPACK;

  /**
   * Returns the protocol named {@code name}: text, json or msgpack.
   *
   * @throws IllegalArgumentException for any other name
   */
  static Protocol of(String name) {
    for (Protocol protocol : values()) {
      if (protocol.flag().equals(name)) {
        return protocol;
      }
    }
    throw new IllegalArgumentException("not text, json or msgpack: " + name);
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
    };
  }
}
