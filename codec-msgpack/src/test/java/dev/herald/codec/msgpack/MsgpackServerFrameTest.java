package dev.herald.codec.msgpack;

import static dev.herald.codec.msgpack.Hex.map;
import static dev.herald.codec.msgpack.Hex.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * Every server frame type encodes to the exact bytes of the protocol: keys in order, integers in
 * their smallest format.
 */
class MsgpackServerFrameTest {
  private static final Position POSITION = new Position("k3x9q2", 41);
  private static final String HI = map(1) + str("text") + str("hi");
  private final MsgpackProtocol protocol = MsgpackProtocol.v1();

  @Test
  void connectedEncodes() {
    assertEncodes(
        new ServerFrame.Connected("n1.k3x9q2ab.1", "alice", 25000),
        map(4)
            + str("type")
            + str("connected")
            + str("connection")
            + str("n1.k3x9q2ab.1")
            + str("client")
            + str("alice")
            + str("ping")
            + "cd61a8");
  }

  @Test
  void subscribedEncodesWithEveryFieldOrWithout() {
    assertEncodes(
        new ServerFrame.Subscribed(1L, "room:lobby", POSITION, true),
        map(6)
            + str("type")
            + str("subscribed")
            + str("id")
            + "01"
            + str("topic")
            + str("room:lobby")
            + str("epoch")
            + str("k3x9q2")
            + str("offset")
            + "29"
            + str("recovered")
            + "c3");
    assertEncodes(
        new ServerFrame.Subscribed(null, "room:lobby", null, null),
        map(2) + str("type") + str("subscribed") + str("topic") + str("room:lobby"));
    assertEncodes(
        new ServerFrame.Subscribed(null, "t", POSITION, false),
        map(5)
            + str("type")
            + str("subscribed")
            + str("topic")
            + str("t")
            + str("epoch")
            + str("k3x9q2")
            + str("offset")
            + "29"
            + str("recovered")
            + "c2");
  }

  @Test
  void unsubscribedEncodesWithOrWithoutId() {
    assertEncodes(
        new ServerFrame.Unsubscribed(2L, "room:lobby"),
        map(3)
            + str("type")
            + str("unsubscribed")
            + str("id")
            + "02"
            + str("topic")
            + str("room:lobby"));
    assertEncodes(
        new ServerFrame.Unsubscribed(null, "room:lobby"),
        map(2) + str("type") + str("unsubscribed") + str("topic") + str("room:lobby"));
  }

  @Test
  void publishedEncodesWithOrWithoutPosition() {
    assertEncodes(
        new ServerFrame.Published(3, "room:lobby", new Position("k3x9q2", 42)),
        map(5)
            + str("type")
            + str("published")
            + str("id")
            + "03"
            + str("topic")
            + str("room:lobby")
            + str("epoch")
            + str("k3x9q2")
            + str("offset")
            + "2a");
    assertEncodes(
        new ServerFrame.Published(Position.MAX_OFFSET, "t", null),
        map(3)
            + str("type")
            + str("published")
            + str("id")
            + "cf001fffffffffffff"
            + str("topic")
            + str("t"));
  }

  @Test
  void publicationEncodesWithOrWithoutPosition() {
    assertEncodes(
        new ServerFrame.Publication(
            "room:lobby", new Position("k3x9q2", 42), Payload.binary(Hex.bytes(HI))),
        map(5)
            + str("type")
            + str("publication")
            + str("topic")
            + str("room:lobby")
            + str("epoch")
            + str("k3x9q2")
            + str("offset")
            + "2a"
            + str("data")
            + HI);
    assertEncodes(
        new ServerFrame.Publication("room:lobby", null, Payload.binary(Hex.bytes("c0"))),
        map(3)
            + str("type")
            + str("publication")
            + str("topic")
            + str("room:lobby")
            + str("data")
            + "c0");
  }

  @Test
  void messageEncodes() {
    assertEncodes(
        new ServerFrame.Message(Payload.binary(Hex.bytes(HI))),
        map(2) + str("type") + str("message") + str("data") + HI);
  }

  @Test
  void errorEncodesWithOrWithoutId() {
    assertEncodes(
        new ServerFrame.Error(1L, "forbidden", "subscription refused"),
        map(4)
            + str("type")
            + str("error")
            + str("id")
            + "01"
            + str("code")
            + str("forbidden")
            + str("message")
            + str("subscription refused"));
    assertEncodes(
        new ServerFrame.Error(null, "bad_frame", "a message longer than thirty-one bytes"),
        map(3)
            + str("type")
            + str("error")
            + str("code")
            + str("bad_frame")
            + str("message")
            + str("a message longer than thirty-one bytes"));
  }

  @Test
  void disconnectEncodes() {
    assertEncodes(
        new ServerFrame.Disconnect(1001, "server shutting down", true, 1500),
        map(5)
            + str("type")
            + str("disconnect")
            + str("code")
            + "cd03e9"
            + str("reason")
            + str("server shutting down")
            + str("reconnect")
            + "c3"
            + str("after")
            + "cd05dc");
  }

  @Test
  void pingAndPongEncode() {
    assertEncodes(new ServerFrame.Ping(), map(1) + str("type") + str("ping"));
    assertEncodes(new ServerFrame.Pong(), map(1) + str("type") + str("pong"));
  }

  private void assertEncodes(ServerFrame frame, String hex) {
    Payload payload = protocol.encode(frame);
    assertThat(payload).isInstanceOf(Payload.Binary.class);
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    assertThat(Hex.of(bytes)).isEqualTo(hex);
  }
}
