package dev.herald.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A client of the Herald protocol's JSON encoding, as a test drives it, over a real socket. */
final class HeraldClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final TestClient socket;
  private final JsonNode connected;

  private HeraldClient(TestClient socket) {
    this.socket = socket;
    this.connected = next();
  }

  /** Connects to {@code /ws/{clientId}} on {@code port} and reads the connect reply. */
  static HeraldClient connect(int port, String clientId) {
    TestClient socket =
        TestClient.connect(
            URI.create("ws://127.0.0.1:" + port + "/ws/" + clientId), List.of("herald.v1.json"));
    if (!"herald.v1.json".equals(socket.subprotocol())) {
      throw new AssertionError("subprotocol not chosen: " + socket.subprotocol());
    }
    return new HeraldClient(socket);
  }

  /** Returns the connect reply, the first frame. */
  JsonNode connected() {
    return connected;
  }

  TestClient socket() {
    return socket;
  }

  void send(String json) {
    socket.send(json);
  }

  void send(ObjectNode frame) {
    socket.send(frame.toString());
  }

  /** Sends a subscribe, with a position unless {@code epoch} is null. */
  void subscribe(long id, String topic, @Nullable String epoch, long offset) {
    ObjectNode frame = Wire.JSON.createObjectNode().put("type", "subscribe").put("id", id);
    frame.put("topic", topic);
    if (epoch != null) {
      frame.put("epoch", epoch).put("offset", offset);
    }
    send(frame);
  }

  /** Subscribes without a position and returns the reply. */
  JsonNode subscribe(long id, String topic) {
    subscribe(id, topic, null, 0);
    return next();
  }

  /** Waits for the next frame. */
  JsonNode next() {
    return Wire.parse(socket.awaitText(TIMEOUT));
  }

  /** Waits for the next frame, skipping the server's pings. */
  JsonNode nextSkippingPings() {
    while (true) {
      JsonNode frame = next();
      if (!frame.path("type").asText().equals("ping")) {
        return frame;
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
