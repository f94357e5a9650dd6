package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.spi.Payload;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One server serves JSON and MessagePack clients at once, chosen by the subprotocol. */
@ParameterizedClass
@EnumSource(Transports.class)
class SubprotocolNegotiationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Parameter Transports transport;

  /** A chat message, the same type in both formats. */
  record Chat(String from, String text) {}

  @Test
  void jsonAndMessagePackClientsTalkThroughOneServer() {
    JsonCodec<Chat> json = JsonCodec.of(Chat.class);
    MsgpackCodec<Chat> msgpack = MsgpackCodec.of(Chat.class);
    AtomicReference<ConnectionManager<Chat>> manager = new AtomicReference<>();
    ConnectionManager.Builder<Chat> builder =
        ConnectionManager.builder(json)
            .protocol("msgpack", msgpack)
            .protocol("json", json)
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onMessage(Connection connection, Chat message) {
                    manager.get().broadcast(new Chat(connection.clientId(), message.text()));
                  }
                });
    try (TestServer<Chat> server = TestServer.start(transport, builder)) {
      manager.set(server.manager);
      TestClient binary = TestClient.connect(server.uri("bin"), List.of("msgpack"));
      TestClient text = TestClient.connect(server.uri("txt"), List.of("json"));
      TestClient preferring = TestClient.connect(server.uri("both"), List.of("json", "msgpack"));
      TestClient plain = server.connect("plain");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 4);

      assertThat(binary.subprotocol()).isEqualTo("msgpack");
      assertThat(text.subprotocol()).isEqualTo("json");
      assertThat(preferring.subprotocol()).as("the server's preference wins").isEqualTo("msgpack");
      assertThat(plain.subprotocol()).isEmpty();

      binary.send(bytes(msgpack.encode(new Chat("ignored", "from msgpack"))));
      Chat expected = new Chat("bin", "from msgpack");

      assertThat(msgpack.decode(Payload.binary(binary.awaitBinary(WAIT)))).isEqualTo(expected);
      assertThat(msgpack.decode(Payload.binary(preferring.awaitBinary(WAIT)))).isEqualTo(expected);
      assertThat(json.decode(Payload.text(text.awaitText(WAIT)))).isEqualTo(expected);
      assertThat(json.decode(Payload.text(plain.awaitText(WAIT)))).isEqualTo(expected);

      text.send("{\"from\":\"x\",\"text\":\"from json\"}");
      assertThat(msgpack.decode(Payload.binary(binary.awaitBinary(WAIT)))).isEqualTo(new Chat("txt", "from json"));
    }
  }

  private static byte[] bytes(Payload payload) {
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return bytes;
  }
}
