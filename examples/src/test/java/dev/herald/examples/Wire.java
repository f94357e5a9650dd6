package dev.herald.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.TestClient;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Speaks each {@link Protocol} from the client side, with a real {@link TestClient}. */
final class Wire {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Codec<JsonNode> MSGPACK = MsgpackCodec.of(JsonNode.class);

  private Wire() {}

  /** Connects to the protocol's endpoint as {@code clientId}. */
  static TestClient connect(Protocol protocol, int port, String clientId) {
    String path = protocol == Protocol.TEXT ? "/ws/" + clientId : "/api/ws?clientId=" + clientId;
    return TestClient.connect(URI.create("ws://127.0.0.1:" + port + path));
  }

  /** Sends {@code text}: as it is, or as the document {@code {"message": text}}. */
  static void send(Protocol protocol, TestClient client, String text) {
    switch (protocol) {
      case TEXT -> client.send(text);
      case JSON -> client.send(JSON.createObjectNode().put("message", text).toString());
      case MSGPACK -> {
        ByteBuffer bytes = MSGPACK.encode(JSON.createObjectNode().put("message", text)).bytes();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        client.send(array);
      }
    }
  }

  /** Waits for the next document of a JSON or MessagePack client. */
  static JsonNode document(Protocol protocol, TestClient client) {
    return switch (protocol) {
      case JSON -> parse(client.awaitText(TIMEOUT));
      case MSGPACK -> MSGPACK.decode(Payload.binary(client.awaitBinary(TIMEOUT)));
      case TEXT -> throw new IllegalArgumentException("the text protocol has no documents");
    };
  }

  /** Parses one JSON document. */
  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
