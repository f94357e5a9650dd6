package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.herald.spi.Payload;
import dev.herald.spi.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Every kind of frame a client must not send is refused with the code it deserves. */
class HostileJsonFrameTest {
  private static final String BAD_FRAME = ProtocolException.BAD_FRAME;
  private static final String BAD_POSITION = ProtocolException.BAD_POSITION;
  private final JsonProtocol protocol = JsonProtocol.v1();

  @Test
  void aBinaryFrameIsRefused() {
    assertRefused(Payload.binary(new byte[] {(byte) 0x80}), BAD_FRAME, null, "text frame");
  }

  @Test
  void textThatIsNotUtf8IsRefused() {
    assertRefused(
        Payload.utf8(new byte[] {'{', (byte) 0xC0, (byte) 0x80, '}'}), BAD_FRAME, null, "UTF-8");
  }

  @Test
  void textThatIsNotJsonIsRefused() {
    assertRefused("", BAD_FRAME, null, "empty");
    assertRefused("hello", BAD_FRAME, null, "malformed JSON");
    assertRefused("{type:\"ping\"}", BAD_FRAME, null, "malformed JSON");
    assertRefused("{\"type\":'ping'}", BAD_FRAME, null, "malformed JSON");
    assertRefused("{\"type\":\"ping\",}", BAD_FRAME, null, "malformed JSON");
  }

  @Test
  void aTruncatedFrameIsRefused() {
    assertRefused("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"t", BAD_FRAME, 1L, "malformed");
    assertRefused("{\"type\":\"ping\"", BAD_FRAME, null, "malformed JSON");
  }

  @Test
  void aTopLevelValueOtherThanAnObjectIsRefused() {
    for (String json : new String[] {"[]", "\"ping\"", "1", "null", "true"}) {
      assertRefused(json, BAD_FRAME, null, "not a JSON object");
    }
  }

  @Test
  void aFrameWithoutAStringTypeIsRefused() {
    assertRefused("{}", BAD_FRAME, null, "no type");
    assertRefused("{\"id\":4,\"topic\":\"t\"}", BAD_FRAME, 4L, "no type");
    assertRefused("{\"type\":1,\"id\":4}", BAD_FRAME, 4L, "type is not a string");
    assertRefused("{\"type\":null}", BAD_FRAME, null, "type is not a string");
    assertRefused("{\"type\":[\"ping\"]}", BAD_FRAME, null, "type is not a string");
  }

  @Test
  void anUnknownTypeIsRefusedWithTheIdWhenItIsReadable() {
    assertRefused(
        "{\"id\":7,\"type\":\"subscribe_all\"}",
        ProtocolException.UNKNOWN_TYPE,
        7L,
        "subscribe_all");
    assertRefused("{\"type\":\"Ping\"}", ProtocolException.UNKNOWN_TYPE, null, "Ping");
    assertRefused("{\"type\":\"x\",\"id\":\"7\"}", ProtocolException.UNKNOWN_TYPE, null, "\"x\"");
  }

  @Test
  void anIdThatIsNotAnIntegerFromZeroTo2To53Minus1IsRefused() {
    for (String id :
        new String[] {
          "-1", "1.0", "1e2", "\"1\"", "null", "9007199254740992", "18446744073709551616", "[1]"
        }) {
      assertRefused(
          "{\"type\":\"unsubscribe\",\"id\":" + id + ",\"topic\":\"t\"}",
          BAD_FRAME,
          null,
          "id is not an integer");
    }
  }

  @Test
  void aPositionWithOnlyHalfIsRefused() {
    assertRefused(subscribe("\"epoch\":\"k3x9q2\""), BAD_POSITION, 1L, "epoch without offset");
    assertRefused(subscribe("\"offset\":41"), BAD_POSITION, 1L, "offset without epoch");
  }

  @Test
  void anOffsetOutOfRangeIsRefused() {
    for (String offset : new String[] {"-1", "1.5", "41.0", "9007199254740992", "\"41\"", "null"}) {
      assertRefused(
          subscribe("\"epoch\":\"k3x9q2\",\"offset\":" + offset),
          BAD_POSITION,
          1L,
          "offset is not an integer");
    }
  }

  @Test
  void aBadEpochIsRefused() {
    for (String epoch :
        new String[] {"\"\"", "\"K3X\"", "\"k3-x\"", '"' + "a".repeat(33) + '"', "5", "null"}) {
      assertRefused(
          subscribe("\"epoch\":" + epoch + ",\"offset\":41"), BAD_POSITION, 1L, "epoch is not");
    }
  }

  @Test
  void aTopicThatIsNotAStringIsRefused() {
    assertRefused(
        "{\"type\":\"subscribe\",\"id\":1,\"topic\":5}", BAD_FRAME, 1L, "topic is not a string");
    assertRefused(
        "{\"type\":\"publish\",\"id\":1,\"topic\":null,\"data\":1}",
        BAD_FRAME,
        1L,
        "topic is not a string");
  }

  @Test
  void missingRequiredFieldsAreRefused() {
    assertRefused(
        "{\"type\":\"subscribe\",\"topic\":\"t\"}", BAD_FRAME, null, "subscribe has no id");
    assertRefused("{\"type\":\"subscribe\",\"id\":1}", BAD_FRAME, 1L, "subscribe has no topic");
    assertRefused("{\"type\":\"unsubscribe\",\"id\":1}", BAD_FRAME, 1L, "unsubscribe has no topic");
    assertRefused(
        "{\"type\":\"publish\",\"id\":1,\"topic\":\"t\"}", BAD_FRAME, 1L, "publish has no data");
    assertRefused(
        "{\"type\":\"publish\",\"topic\":\"t\",\"data\":1}", BAD_FRAME, null, "publish has no id");
    assertRefused("{\"type\":\"message\"}", BAD_FRAME, null, "message has no data");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertRefused(
        "{\"type\":\"ping\",\"type\":\"pong\"}", BAD_FRAME, null, "duplicate key \"type\"");
    assertRefused("{\"type\":\"ping\",\"v\":1,\"v\":2}", BAD_FRAME, null, "duplicate key \"v\"");
    assertRefused(
        "{\"type\":\"unsubscribe\",\"id\":1,\"topic\":\"a\",\"topic\":\"b\"}",
        BAD_FRAME,
        1L,
        "duplicate key \"topic\"");
  }

  @Test
  void contentAfterTheObjectIsRefused() {
    assertRefused("{\"type\":\"ping\"}{\"type\":\"ping\"}", BAD_FRAME, null, "after the frame");
    assertRefused("{\"type\":\"ping\"} 1", BAD_FRAME, null, "after the frame");
    assertRefused("{\"type\":\"ping\"}x", BAD_FRAME, null, "malformed JSON");
    assertRefused("{\"type\":\"ping\"}]", BAD_FRAME, null, "malformed JSON");
  }

  @Test
  void nestingDeeperThan128WithTheFrameIsRefused() {
    String ok = "{\"type\":\"message\",\"data\":" + "[".repeat(127) + "]".repeat(127) + "}";
    assertThat(protocol.decode(Payload.text(ok))).isNotNull();

    String deep = "{\"type\":\"message\",\"data\":" + "[".repeat(128) + "]".repeat(128) + "}";
    assertRefused(deep, BAD_FRAME, null, "exceeds a limit");
    String deeper = "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(10_000) + "}";
    assertRefused(deeper, BAD_FRAME, null, "exceeds a limit");
  }

  @Test
  void aHugeNumberIsRefusedBeforeItIsParsed() {
    assertRefused(
        "{\"type\":\"message\",\"data\":" + "9".repeat(1000) + "}",
        BAD_FRAME,
        null,
        "exceeds a limit");
  }

  @Test
  void aLongTypeIsCutShortInTheMessage() {
    ProtocolException e = refusal(Payload.text("{\"type\":\"" + "x".repeat(10_000) + "\"}"));

    assertThat(e.getMessage()).hasSizeLessThan(100);
  }

  private static String subscribe(String position) {
    return "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"room:lobby\"," + position + "}";
  }

  private void assertRefused(String json, String code, @Nullable Long id, String message) {
    assertRefused(Payload.text(json), code, id, message);
  }

  private void assertRefused(Payload payload, String code, @Nullable Long id, String message) {
    ProtocolException e = refusal(payload);
    assertThat(e.code()).as("code of %s", payload).isEqualTo(code);
    assertThat(e.id()).as("id").isEqualTo(id);
    assertThat(e.getMessage()).contains(message);
  }

  private ProtocolException refusal(Payload payload) {
    ProtocolException e =
        catchThrowableOfType(ProtocolException.class, () -> protocol.decode(payload));
    assertThat(e).as("refusal of %s", payload).isNotNull();
    return e;
  }
}
