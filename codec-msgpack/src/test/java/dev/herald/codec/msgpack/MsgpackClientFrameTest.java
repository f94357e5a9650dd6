package dev.herald.codec.msgpack;

import static dev.herald.codec.msgpack.Hex.map;
import static dev.herald.codec.msgpack.Hex.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.ClientFrame;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import org.junit.jupiter.api.Test;

/** Every client frame type decodes from hand-written MessagePack. */
class MsgpackClientFrameTest {
  /** {@code {"text":"hi"}}. */
  private static final String HI = map(1) + str("text") + str("hi");

  private final MsgpackProtocol protocol = MsgpackProtocol.v1();

  @Test
  void subscribeDecodes() {
    assertThat(
            decode(
                map(3)
                    + str("type")
                    + str("subscribe")
                    + str("id")
                    + "01"
                    + str("topic")
                    + str("room:lobby")))
        .isEqualTo(new ClientFrame.Subscribe(1, "room:lobby", null));
  }

  @Test
  void subscribeWithAPositionDecodes() {
    assertThat(
            decode(
                map(5)
                    + str("type")
                    + str("subscribe")
                    + str("id")
                    + "01"
                    + str("topic")
                    + str("room:lobby")
                    + str("epoch")
                    + str("k3x9q2")
                    + str("offset")
                    + "29"))
        .isEqualTo(new ClientFrame.Subscribe(1, "room:lobby", new Position("k3x9q2", 41)));
  }

  @Test
  void unsubscribeDecodes() {
    assertThat(
            decode(
                map(3)
                    + str("type")
                    + str("unsubscribe")
                    + str("id")
                    + "02"
                    + str("topic")
                    + str("room:lobby")))
        .isEqualTo(new ClientFrame.Unsubscribe(2, "room:lobby"));
  }

  @Test
  void publishDecodes() {
    assertThat(
            decode(
                map(4)
                    + str("type")
                    + str("publish")
                    + str("id")
                    + "03"
                    + str("topic")
                    + str("room:lobby")
                    + str("data")
                    + HI))
        .isEqualTo(new ClientFrame.Publish(3, "room:lobby", Payload.binary(Hex.bytes(HI))));
  }

  @Test
  void messageDecodes() {
    assertThat(decode(map(2) + str("type") + str("message") + str("data") + HI))
        .isEqualTo(new ClientFrame.Message(Payload.binary(Hex.bytes(HI))));
  }

  @Test
  void pingAndPongDecode() {
    assertThat(decode(map(1) + str("type") + str("ping"))).isEqualTo(new ClientFrame.Ping());
    assertThat(decode(map(1) + str("type") + str("pong"))).isEqualTo(new ClientFrame.Pong());
  }

  @Test
  void integersOfEveryFormatAreRead() {
    String[] sevens = {
      "07",
      "cc07",
      "cd0007",
      "ce00000007",
      "cf0000000000000007",
      "d007",
      "d10007",
      "d200000007",
      "d30000000000000007"
    };
    for (String seven : sevens) {
      assertThat(
              decode(
                  map(3)
                      + str("type")
                      + str("unsubscribe")
                      + str("id")
                      + seven
                      + str("topic")
                      + str("t")))
          .as(seven)
          .isEqualTo(new ClientFrame.Unsubscribe(7, "t"));
    }
    assertThat(
            decode(
                map(5)
                    + str("type")
                    + str("subscribe")
                    + str("id")
                    + "cf001fffffffffffff"
                    + str("topic")
                    + str("t")
                    + str("epoch")
                    + str("e")
                    + str("offset")
                    + "d3001fffffffffffff"))
        .isEqualTo(
            new ClientFrame.Subscribe(
                Position.MAX_OFFSET, "t", new Position("e", Position.MAX_OFFSET)));
  }

  @Test
  void strings8And16BitsLongAreRead() {
    assertThat(
            decode(
                "81" + "d904" + Hex.of("type".getBytes()) + "da0004" + Hex.of("ping".getBytes())))
        .isEqualTo(new ClientFrame.Ping());
  }

  @Test
  void keysComeInAnyOrderAndUnknownOnesAreIgnored() {
    assertThat(
            decode(
                map(5)
                    + str("topic")
                    + str("t")
                    + str("x")
                    + "92c0c3"
                    + str("id")
                    + "05"
                    + str("more")
                    + "81a1610a"
                    + str("type")
                    + str("unsubscribe")))
        .isEqualTo(new ClientFrame.Unsubscribe(5, "t"));
  }

  @Test
  void keysAFrameTypeDoesNotDefineAreIgnoredEvenIfMistyped() {
    assertThat(
            decode(
                map(4)
                    + str("type")
                    + str("ping")
                    + str("id")
                    + "ff"
                    + str("epoch")
                    + "07"
                    + str("topic")
                    + "90"))
        .isEqualTo(new ClientFrame.Ping());
  }

  @Test
  void dataMayBeAnyValueNilIncluded() {
    for (String value :
        new String[] {"c0", "c3", "2a", "cb3ff8000000000000", "a0", "c40101", "90"}) {
      assertThat(decode(map(2) + str("type") + str("message") + str("data") + value))
          .isEqualTo(new ClientFrame.Message(Payload.binary(Hex.bytes(value))));
    }
  }

  private ClientFrame decode(String hex) {
    return protocol.decode(Payload.binary(Hex.bytes(hex)));
  }
}
