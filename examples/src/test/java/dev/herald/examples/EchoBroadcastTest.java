package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EchoBroadcastTest {
  private EchoBroadcastServer server;
  private List<TestClient> clients = List.of();

  static Stream<Arguments> protocolsOnTransports() {
    return Stream.of(ServerTransport.values())
        .flatMap(t -> Stream.of(Protocol.values()).map(p -> Arguments.of(p, t)));
  }

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("protocolsOnTransports")
  void welcomesEchoesToTheSenderAndBroadcastsToTheOthers(
      Protocol protocol, ServerTransport transport) {
    server = Servers.start("--protocol", protocol.flag(), "--transport", transport.flag());
    TestClient alice = Wire.connect(protocol, server.webSocketPort(), "alice");
    assertWelcome(protocol, alice, "alice");
    TestClient bob = Wire.connect(protocol, server.webSocketPort(), "bob");
    assertWelcome(protocol, bob, "bob");
    TestClient carol = Wire.connect(protocol, server.webSocketPort(), "carol_3-x");
    assertWelcome(protocol, carol, "carol_3-x");
    clients = List.of(alice, bob, carol);

    Wire.send(protocol, alice, "hello from alice");
    assertEcho(protocol, alice, "hello from alice");
    assertBroadcast(protocol, bob, "alice", "hello from alice");
    assertBroadcast(protocol, carol, "alice", "hello from alice");

    Wire.send(protocol, bob, "hi, I am bob");
    assertEcho(protocol, bob, "hi, I am bob");
    // Alice's next message is Bob's: she never got her own message back as a broadcast.
    assertBroadcast(protocol, alice, "bob", "hi, I am bob");
    assertBroadcast(protocol, carol, "bob", "hi, I am bob");
    assertThat(alice.poll()).isNull();
  }

  private static void assertWelcome(Protocol protocol, TestClient client, String clientId) {
    if (protocol == Protocol.TEXT) {
      assertThat(client.awaitText(TIMEOUT)).isEqualTo("Connected as client " + clientId);
      return;
    }
    JsonNode welcome = Wire.document(protocol, client);
    assertThat(fieldNames(welcome)).containsExactly("type", "connectionId", "message");
    assertThat(welcome.get("type").asText()).isEqualTo("welcome");
    assertThat(welcome.get("connectionId").asText()).isNotBlank();
    assertThat(welcome.get("message").asText()).isEqualTo("Connected as " + clientId);
  }

  private static void assertEcho(Protocol protocol, TestClient client, String text) {
    if (protocol == Protocol.TEXT) {
      assertThat(client.awaitText(TIMEOUT)).isEqualTo("Echo: " + text);
      return;
    }
    JsonNode echo = Wire.document(protocol, client);
    assertThat(fieldNames(echo)).containsExactly("type", "data", "timestamp");
    assertThat(echo.get("type").asText()).isEqualTo("echo");
    assertThat(echo.get("data")).isEqualTo(Wire.JSON.createObjectNode().put("message", text));
    assertRecent(echo.get("timestamp").asText());
  }

  private static void assertBroadcast(
      Protocol protocol, TestClient client, String from, String text) {
    if (protocol == Protocol.TEXT) {
      assertThat(client.awaitText(TIMEOUT)).isEqualTo("Client " + from + " says: " + text);
      return;
    }
    JsonNode broadcast = Wire.document(protocol, client);
    assertThat(fieldNames(broadcast)).containsExactly("type", "clientId", "data", "timestamp");
    assertThat(broadcast.get("type").asText()).isEqualTo("broadcast");
    assertThat(broadcast.get("clientId").asText()).isEqualTo(from);
    assertThat(broadcast.get("data")).isEqualTo(Wire.JSON.createObjectNode().put("message", text));
    assertRecent(broadcast.get("timestamp").asText());
  }

  private static void assertRecent(String timestamp) {
    assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(timestamp)).isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
