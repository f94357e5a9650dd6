package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ServerFrame;
import org.junit.jupiter.api.Test;

/** Every server frame type encodes to the exact text of the protocol, keys in order. */
class JsonServerFrameTest {
  private static final Position POSITION = new Position("k3x9q2", 41);
  private final JsonProtocol protocol = JsonProtocol.v1();

  @Test
  void connectedEncodes() {
    assertEncodes(
        new ServerFrame.Connected("n1.k3x9q2ab.1", "alice", 25000),
        "{\"type\":\"connected\",\"connection\":\"n1.k3x9q2ab.1\",\"client\":\"alice\","
            + "\"ping\":25000}");
  }

  @Test
  void subscribedEncodesWithEveryFieldOrWithout() {
    assertEncodes(
        new ServerFrame.Subscribed(1L, "room:lobby", POSITION, true),
        "{\"type\":\"subscribed\",\"id\":1,\"topic\":\"room:lobby\",\"epoch\":\"k3x9q2\","
            + "\"offset\":41,\"recovered\":true}");
    assertEncodes(
        new ServerFrame.Subscribed(null, "room:lobby", null, null),
        "{\"type\":\"subscribed\",\"topic\":\"room:lobby\"}");
    assertEncodes(
        new ServerFrame.Subscribed(null, "t", POSITION, false),
        "{\"type\":\"subscribed\",\"topic\":\"t\",\"epoch\":\"k3x9q2\",\"offset\":41,"
            + "\"recovered\":false}");
  }

  @Test
  void unsubscribedEncodesWithOrWithoutId() {
    assertEncodes(
        new ServerFrame.Unsubscribed(2L, "room:lobby"),
        "{\"type\":\"unsubscribed\",\"id\":2,\"topic\":\"room:lobby\"}");
    assertEncodes(
        new ServerFrame.Unsubscribed(null, "room:lobby"),
        "{\"type\":\"unsubscribed\",\"topic\":\"room:lobby\"}");
  }

  @Test
  void publishedEncodesWithOrWithoutPosition() {
    assertEncodes(
        new ServerFrame.Published(3, "room:lobby", new Position("k3x9q2", 42)),
        "{\"type\":\"published\",\"id\":3,\"topic\":\"room:lobby\",\"epoch\":\"k3x9q2\","
            + "\"offset\":42}");
    assertEncodes(
        new ServerFrame.Published(3, "room:lobby", null),
        "{\"type\":\"published\",\"id\":3,\"topic\":\"room:lobby\"}");
  }

  @Test
  void publicationEncodesWithOrWithoutPosition() {
    assertEncodes(
        new ServerFrame.Publication(
            "room:lobby", new Position("k3x9q2", 42), Payload.text("{\"text\":\"hi\"}")),
        "{\"type\":\"publication\",\"topic\":\"room:lobby\",\"epoch\":\"k3x9q2\",\"offset\":42,"
            + "\"data\":{\"text\":\"hi\"}}");
    assertEncodes(
        new ServerFrame.Publication("room:lobby", null, Payload.text("[1,2]")),
        "{\"type\":\"publication\",\"topic\":\"room:lobby\",\"data\":[1,2]}");
  }

  @Test
  void messageEncodes() {
    assertEncodes(
        new ServerFrame.Message(Payload.text("{\"text\":\"hi\"}")),
        "{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}");
  }

  @Test
  void errorEncodesWithOrWithoutId() {
    assertEncodes(
        new ServerFrame.Error(1L, "forbidden", "subscription refused"),
        "{\"type\":\"error\",\"id\":1,\"code\":\"forbidden\",\"message\":\"subscription refused\"}");
    assertEncodes(
        new ServerFrame.Error(null, "bad_frame", "not JSON"),
        "{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"not JSON\"}");
  }

  @Test
  void disconnectEncodes() {
    assertEncodes(
        new ServerFrame.Disconnect(1001, "server shutting down", true, 1500),
        "{\"type\":\"disconnect\",\"code\":1001,\"reason\":\"server shutting down\","
            + "\"reconnect\":true,\"after\":1500}");
  }

  @Test
  void pingAndPongEncode() {
    assertEncodes(new ServerFrame.Ping(), "{\"type\":\"ping\"}");
    assertEncodes(new ServerFrame.Pong(), "{\"type\":\"pong\"}");
  }

  @Test
  void stringsAreEscapedAndEmojiWrittenAsUtf8() {
    assertEncodes(
        new ServerFrame.Error(null, "forbidden", "no \"quotes\", \\ or \n here \uD83D\uDE00"),
        "{\"type\":\"error\",\"code\":\"forbidden\","
            + "\"message\":\"no \\\"quotes\\\", \\\\ or \\n here \uD83D\uDE00\"}");
  }

  private void assertEncodes(ServerFrame frame, String json) {
    Payload payload = protocol.encode(frame);
    assertThat(payload).isInstanceOf(Payload.Text.class);
    assertThat(((Payload.Text) payload).text()).isEqualTo(json);
  }
}
