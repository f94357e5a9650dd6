package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.HeartbeatPolicy;
import dev.herald.HistoryPolicy;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.spi.Payload;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The Herald protocol's heartbeat, farewell, client publications and MessagePack encoding. */
class ProtocolLifecycleTest {

  @Test
  void theServerSendsProtocolPingsThatAPongAnswers() {
    try (HeraldNode node =
            new HeraldNode(
                builder ->
                    builder.heartbeat(
                        HeartbeatPolicy.defaults()
                            .interval(Duration.ofMillis(200))
                            .timeout(Duration.ofSeconds(5))));
        HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      assertThat(client.connected().path("ping").asLong()).isEqualTo(200);

      for (int i = 0; i < 3; i++) {
        assertThat(client.next().path("type").asText()).isEqualTo("ping");
        client.send("{\"type\":\"pong\"}");
      }

      assertThat(client.socket().isClosed()).isFalse();
    }
  }

  @Test
  void aDrainSendsTheDisconnectFrameWithADelayThenCloses() {
    HeraldNode node =
        new HeraldNode(builder -> builder.farewell((c, after) -> null, Duration.ofSeconds(3)));
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::close);

      JsonNode disconnect = client.next();
      assertThat(disconnect.path("type").asText()).isEqualTo("disconnect");
      assertThat(disconnect.path("code").asInt()).isEqualTo(1001);
      assertThat(disconnect.path("reconnect").asBoolean()).isTrue();
      assertThat(disconnect.path("after").asLong()).isBetween(0L, 3000L);
      assertThat(client.socket().awaitClose(HeraldClient.TIMEOUT).code()).isEqualTo(1001);
      stopping.join();
    }
  }

  @Test
  void anApplicationCloseIsAnnouncedWithItsCode() {
    try (HeraldNode node = new HeraldNode(builder -> builder);
        HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      node.manager.disconnectClient("alice", 4403, "banned");

      JsonNode disconnect = client.next();
      assertThat(disconnect.path("code").asInt()).isEqualTo(4403);
      assertThat(disconnect.path("reason").asText()).isEqualTo("banned");
      assertThat(disconnect.path("reconnect").asBoolean(true)).isFalse();
      assertThat(client.socket().awaitClose(HeraldClient.TIMEOUT).code()).isEqualTo(4403);
    }
  }

  @Test
  void anAllowedClientPublicationIsPositionedAndReachesSubscribers() {
    try (HeraldNode node =
            new HeraldNode(
                builder ->
                    builder
                        .history(HistoryPolicy.of("room:*", 100, Duration.ofMinutes(1)))
                        .topicAuthorizer(
                            (connection, action, topic) ->
                                CompletableFuture.completedFuture(topic.startsWith("room:"))));
        HeraldClient alice = HeraldClient.connect(node.port(), "alice");
        HeraldClient bob = HeraldClient.connect(node.port(), "bob")) {
      bob.subscribe(1, "room:lobby");
      alice.subscribe(1, "room:lobby");

      alice.send(
          "{\"type\":\"publish\",\"id\":2,\"topic\":\"room:lobby\",\"data\":{\"text\":\"hi\"}}");

      JsonNode published = null;
      JsonNode own = null;
      for (int i = 0; i < 2; i++) {
        JsonNode frame = alice.next();
        if (frame.path("type").asText().equals("published")) {
          published = frame;
        } else {
          own = frame;
        }
      }
      assertThat(published).isNotNull();
      assertThat(published.path("id").asLong()).isEqualTo(2);
      assertThat(published.path("offset").asLong()).isEqualTo(1);
      assertThat(own).isNotNull();
      assertThat(own.path("offset").asLong()).isEqualTo(1);
      JsonNode received = bob.next();
      assertThat(received.path("data").path("text").asText()).isEqualTo("hi");
      assertThat(received.path("offset").asLong()).isEqualTo(1);

      alice.send("{\"type\":\"publish\",\"id\":3,\"topic\":\"room:lobby\",\"data\":[}");
      assertThat(alice.next().path("code").asText()).isEqualTo("bad_frame");
    }
  }

  @Test
  void theMessagePackEncodingRecoversToo() {
    MsgpackCodec<JsonNode> msgpack = MsgpackCodec.of(JsonNode.class);
    try (HeraldNode node =
        new HeraldNode(
            builder -> builder.history(HistoryPolicy.of("room:*", 100, Duration.ofMinutes(1))))) {
      URI uri = URI.create("ws://127.0.0.1:" + node.port() + "/ws/bob");
      String epoch;
      try (TestClient client = TestClient.connect(uri, List.of("herald.v1.msgpack"))) {
        assertThat(client.subprotocol()).isEqualTo("herald.v1.msgpack");
        assertThat(decode(msgpack, client).path("type").asText()).isEqualTo("connected");
        client.send(encode(msgpack, "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"room:a\"}"));
        epoch = decode(msgpack, client).path("epoch").asText();
      }
      node.manager.publish("room:a", RecoveryTest.text("missed"));

      try (TestClient client = TestClient.connect(uri, List.of("herald.v1.msgpack"))) {
        decode(msgpack, client);
        client.send(
            encode(
                msgpack,
                "{\"type\":\"subscribe\",\"id\":2,\"topic\":\"room:a\",\"epoch\":\""
                    + epoch
                    + "\",\"offset\":0}"));

        assertThat(decode(msgpack, client).path("recovered").asBoolean()).isTrue();
        JsonNode publication = decode(msgpack, client);
        assertThat(publication.path("offset").asLong()).isEqualTo(1);
        assertThat(publication.path("data").path("text").asText()).isEqualTo("missed");
      }
    }
  }

  private static JsonNode decode(MsgpackCodec<JsonNode> msgpack, TestClient client) {
    return msgpack.decode(Payload.binary(client.awaitBinary(HeraldClient.TIMEOUT)));
  }

  private static byte[] encode(MsgpackCodec<JsonNode> msgpack, String json) {
    ByteBuffer bytes = msgpack.encode(Wire.parse(json)).bytes();
    byte[] array = new byte[bytes.remaining()];
    bytes.get(array);
    return array;
  }
}
