package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.ClientFrame;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import org.junit.jupiter.api.Test;

/** Every client frame type decodes from hand-written JSON. */
class JsonClientFrameTest {
  private final JsonProtocol protocol = JsonProtocol.v1();

  @Test
  void subscribeDecodes() {
    assertThat(decode("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"room:lobby\"}"))
        .isEqualTo(new ClientFrame.Subscribe(1, "room:lobby", null));
  }

  @Test
  void subscribeWithAPositionDecodes() {
    assertThat(
            decode(
                "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"room:lobby\","
                    + "\"epoch\":\"k3x9q2\",\"offset\":41}"))
        .isEqualTo(new ClientFrame.Subscribe(1, "room:lobby", new Position("k3x9q2", 41)));
  }

  @Test
  void unsubscribeDecodes() {
    assertThat(decode("{\"type\":\"unsubscribe\",\"id\":2,\"topic\":\"room:lobby\"}"))
        .isEqualTo(new ClientFrame.Unsubscribe(2, "room:lobby"));
  }

  @Test
  void publishDecodes() {
    assertThat(
            decode(
                "{\"type\":\"publish\",\"id\":3,\"topic\":\"room:lobby\",\"data\":{\"text\":\"hi\"}}"))
        .isEqualTo(new ClientFrame.Publish(3, "room:lobby", Payload.text("{\"text\":\"hi\"}")));
  }

  @Test
  void messageDecodes() {
    assertThat(decode("{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}"))
        .isEqualTo(new ClientFrame.Message(Payload.text("{\"text\":\"hi\"}")));
  }

  @Test
  void pingAndPongDecode() {
    assertThat(decode("{\"type\":\"ping\"}")).isEqualTo(new ClientFrame.Ping());
    assertThat(decode("{\"type\":\"pong\"}")).isEqualTo(new ClientFrame.Pong());
  }

  @Test
  void keysComeInAnyOrderWithWhitespaceAround() {
    assertThat(
            decode(
                " {\n \"offset\" : 0 , \"topic\":\"t\",\"epoch\":\"e\",\"id\":9007199254740991,"
                    + "\"type\":\"subscribe\" }\n"))
        .isEqualTo(new ClientFrame.Subscribe(Position.MAX_OFFSET, "t", new Position("e", 0)));
  }

  @Test
  void unknownKeysAreIgnoredWhateverTheyHold() {
    assertThat(decode("{\"type\":\"ping\",\"v\":2,\"extra\":{\"deep\":[1,{\"x\":null}]}}"))
        .isEqualTo(new ClientFrame.Ping());
  }

  @Test
  void keysAFrameTypeDoesNotDefineAreIgnoredEvenIfMistyped() {
    assertThat(decode("{\"type\":\"ping\",\"id\":-5,\"epoch\":7,\"topic\":[]}"))
        .isEqualTo(new ClientFrame.Ping());
    assertThat(decode("{\"type\":\"unsubscribe\",\"id\":2,\"topic\":\"t\",\"offset\":-1}"))
        .isEqualTo(new ClientFrame.Unsubscribe(2, "t"));
  }

  @Test
  void dataMayBeAnyValueNullIncluded() {
    assertThat(decode("{\"type\":\"message\",\"data\":null}"))
        .isEqualTo(new ClientFrame.Message(Payload.text("null")));
    assertThat(decode("{\"type\":\"message\",\"data\":\"hi\"}"))
        .isEqualTo(new ClientFrame.Message(Payload.text("\"hi\"")));
    assertThat(decode("{\"type\":\"message\",\"data\":-1.5e3}"))
        .isEqualTo(new ClientFrame.Message(Payload.text("-1.5e3")));
  }

  private ClientFrame decode(String json) {
    return protocol.decode(Payload.text(json));
  }
}
