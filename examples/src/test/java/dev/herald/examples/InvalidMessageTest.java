package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InvalidMessageTest {
  private static final String ERROR =
      "{\"type\":\"error\",\"message\":\"Invalid message format. Please send valid JSON.\"}";

  private EchoBroadcastServer server;
  private TestClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.shutdown(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void invalidJsonGetsTheErrorMessageAndTheConnectionStaysOpen(ServerTransport transport) {
    server = Servers.start("--protocol", "json", "--transport", transport.flag());
    client = Wire.connect(Protocol.JSON, server.webSocketPort(), "dave");
    Wire.document(Protocol.JSON, client);

    client.send("{not json");
    assertThat(client.awaitText(TIMEOUT)).isEqualTo(ERROR);
    client.send("{\"a\":1} trailing");
    assertThat(client.awaitText(TIMEOUT)).isEqualTo(ERROR);

    client.send("[1,2,3]");
    JsonNode echo = Wire.document(Protocol.JSON, client);
    assertThat(echo.get("type").asText()).isEqualTo("echo");
    assertThat(echo.get("data").toString()).isEqualTo("[1,2,3]");
    assertThat(client.isClosed()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void undecodableMessagePackGetsTheErrorMessageAsMessagePack(ServerTransport transport) {
    server = Servers.start("--protocol", "msgpack", "--transport", transport.flag());
    client = Wire.connect(Protocol.MSGPACK, server.webSocketPort(), "erin");
    Wire.document(Protocol.MSGPACK, client);

    // 0xc1 is the one byte MessagePack never uses; a text frame is the wrong frame type.
    client.send(new byte[] {(byte) 0xc1});
    assertThat(Wire.document(Protocol.MSGPACK, client)).isEqualTo(Wire.parse(ERROR));
    client.send("{\"message\":\"json in a text frame\"}");
    assertThat(Wire.document(Protocol.MSGPACK, client)).isEqualTo(Wire.parse(ERROR));

    Wire.send(Protocol.MSGPACK, client, "still here");
    assertThat(Wire.document(Protocol.MSGPACK, client).get("type").asText()).isEqualTo("echo");
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void textProtocolEchoesAnyText(ServerTransport transport) {
    server = Servers.start("--transport", transport.flag());
    client = Wire.connect(Protocol.TEXT, server.webSocketPort(), "frank");
    client.awaitText(TIMEOUT);

    client.send("{not json, and that is fine: ünïcödé ✓");
    assertThat(client.awaitText(TIMEOUT)).isEqualTo("Echo: {not json, and that is fine: ünïcödé ✓");
    client.send("binary".getBytes(StandardCharsets.UTF_8));
    assertThat(client.awaitText(TIMEOUT)).isEqualTo("Invalid message: send UTF-8 text.");
  }
}
