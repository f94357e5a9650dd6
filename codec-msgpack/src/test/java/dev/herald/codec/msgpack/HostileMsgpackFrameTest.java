package dev.herald.codec.msgpack;

import static dev.herald.codec.msgpack.Hex.map;
import static dev.herald.codec.msgpack.Hex.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.management.ThreadMXBean;
import dev.herald.spi.Payload;
import dev.herald.spi.ProtocolException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Every kind of frame a client must not send is refused with the code it deserves. */
class HostileMsgpackFrameTest {
  private static final String BAD_FRAME = ProtocolException.BAD_FRAME;
  private static final String BAD_POSITION = ProtocolException.BAD_POSITION;
  private static final String SUBSCRIBE =
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
          + "29";

  private final MsgpackProtocol protocol = MsgpackProtocol.v1();

  @Test
  void aTextFrameIsRefused() {
    assertRefused(Payload.text("{\"type\":\"ping\"}"), BAD_FRAME, null, "binary frame");
  }

  @Test
  void bytesThatAreNotMessagePackAreRefused() {
    assertRefused("", BAD_FRAME, null, "empty");
    assertRefused("c1", BAD_FRAME, null, "malformed");
    assertRefused(map(1) + str("type") + "c1", BAD_FRAME, null, "malformed");
  }

  @Test
  void everyTruncationOfAFrameIsRefused() {
    byte[] whole = Hex.bytes(SUBSCRIBE);
    for (int length = 1; length < whole.length; length++) {
      ProtocolException e = refusal(Payload.binary(Arrays.copyOf(whole, length)));
      assertThat(e.code()).as("cut at %d", length).isEqualTo(BAD_FRAME);
    }
  }

  @Test
  void aTopLevelValueOtherThanAMapIsRefused() {
    for (String value : new String[] {"90", "91" + map(0), str("ping"), "01", "c0", "c3"}) {
      assertRefused(value, BAD_FRAME, null, "not a MessagePack map");
    }
  }

  @Test
  void aKeyThatIsNotAStringIsRefused() {
    assertRefused(
        map(2) + str("type") + str("ping") + "01" + "02", BAD_FRAME, null, "key is not a string");
    assertRefused(
        map(1) + "c404" + Hex.of("type".getBytes()) + str("ping"),
        BAD_FRAME,
        null,
        "key is not a string");
  }

  @Test
  void aFrameWithoutAStringTypeIsRefused() {
    assertRefused(map(0), BAD_FRAME, null, "no type");
    assertRefused(map(1) + str("id") + "04", BAD_FRAME, 4L, "no type");
    assertRefused(
        map(2) + str("type") + "01" + str("id") + "04", BAD_FRAME, 4L, "type is not a string");
    assertRefused(
        map(1) + str("type") + "c404" + Hex.of("ping".getBytes()),
        BAD_FRAME,
        null,
        "type is not a string");
  }

  @Test
  void anUnknownTypeIsRefusedWithTheIdWhenItIsReadable() {
    assertRefused(
        map(2) + str("id") + "07" + str("type") + str("subscribe_all"),
        ProtocolException.UNKNOWN_TYPE,
        7L,
        "subscribe_all");
    assertRefused(
        map(2) + str("type") + str("x") + str("id") + "ff",
        ProtocolException.UNKNOWN_TYPE,
        null,
        "\"x\"");
  }

  @Test
  void anIdThatIsNotAnIntegerFromZeroTo2To53Minus1IsRefused() {
    String[] ids = {
      "ff",
      "d080",
      "d3ffffffffffffffff",
      "cb3ff0000000000000",
      "ca3f800000",
      str("1"),
      "c0",
      "cf0020000000000000",
      "cfffffffffffffffff",
      "9101"
    };
    for (String id : ids) {
      assertRefused(
          map(3) + str("type") + str("unsubscribe") + str("id") + id + str("topic") + str("t"),
          BAD_FRAME,
          null,
          "id is not an integer");
    }
  }

  @Test
  void aPositionWithOnlyHalfIsRefused() {
    assertRefused(
        subscribe(1, str("epoch") + str("k3x9q2")), BAD_POSITION, 1L, "epoch without offset");
    assertRefused(subscribe(1, str("offset") + "29"), BAD_POSITION, 1L, "offset without epoch");
  }

  @Test
  void anOffsetOutOfRangeIsRefused() {
    String[] offsets = {"ff", "cb4044800000000000", "cf0020000000000000", str("41"), "c0"};
    for (String offset : offsets) {
      assertRefused(
          subscribe(2, str("epoch") + str("k3x9q2") + str("offset") + offset),
          BAD_POSITION,
          1L,
          "offset is not an integer");
    }
  }

  @Test
  void aBadEpochIsRefused() {
    String[] epochs = {str(""), str("K3X"), str("k3-x"), str("a".repeat(33)), "05", "c0"};
    for (String epoch : epochs) {
      assertRefused(
          subscribe(2, str("epoch") + epoch + str("offset") + "29"),
          BAD_POSITION,
          1L,
          "epoch is not");
    }
  }

  @Test
  void aTopicThatIsNotAStringIsRefused() {
    assertRefused(
        map(3) + str("type") + str("subscribe") + str("id") + "01" + str("topic") + "c401" + "74",
        BAD_FRAME,
        1L,
        "topic is not a string");
  }

  @Test
  void missingRequiredFieldsAreRefused() {
    assertRefused(
        map(2) + str("type") + str("subscribe") + str("topic") + str("t"),
        BAD_FRAME,
        null,
        "subscribe has no id");
    assertRefused(
        map(2) + str("type") + str("unsubscribe") + str("id") + "01",
        BAD_FRAME,
        1L,
        "unsubscribe has no topic");
    assertRefused(
        map(3) + str("type") + str("publish") + str("id") + "01" + str("topic") + str("t"),
        BAD_FRAME,
        1L,
        "publish has no data");
    assertRefused(map(1) + str("type") + str("message"), BAD_FRAME, null, "message has no data");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertRefused(
        map(2) + str("type") + str("ping") + str("type") + str("pong"),
        BAD_FRAME,
        null,
        "duplicate key \"type\"");
    assertRefused(
        map(3) + str("type") + str("ping") + str("v") + "01" + str("v") + "02",
        BAD_FRAME,
        null,
        "duplicate key \"v\"");
  }

  @Test
  void bytesAfterTheMapAreRefused() {
    assertRefused(map(1) + str("type") + str("ping") + "c0", BAD_FRAME, null, "trailing bytes");
  }

  @Test
  void nestingDeeperThan128WithTheFrameIsRefused() {
    String ok = map(2) + str("type") + str("message") + str("data") + "91".repeat(127) + "c0";
    assertThat(protocol.decode(Payload.binary(Hex.bytes(ok)))).isNotNull();

    String deep = map(2) + str("type") + str("message") + str("data") + "91".repeat(128) + "c0";
    assertRefused(deep, BAD_FRAME, null, "nesting deeper than 128");
  }

  @Test
  void invalidUtf8InAStringIsRefused() {
    assertRefused(map(1) + str("type") + "a2c080", BAD_FRAME, null, "not valid UTF-8");
  }

  @Test
  void lengthsThatClaimMoreThanTheFrameHoldsAreRefusedWithoutAllocatingThem() {
    String[] liars = {
      "db7fffffff", "dbffffffff", "c67fffffff", "dd7fffffff", "df7fffffff", "da ffff", "c7ff01"
    };
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (String liar : liars) {
      String frame = map(2) + str("type") + str("message") + str("data") + liar + "00";
      long before = threads.getCurrentThreadAllocatedBytes();

      assertRefused(frame, BAD_FRAME, null, "MessagePack");

      assertThat(threads.getCurrentThreadAllocatedBytes() - before).as(liar).isLessThan(1 << 20);
    }
  }

  /** Returns a subscribe with id 1 to room:lobby and {@code size} more keys, {@code extra}. */
  private static String subscribe(int size, String extra) {
    return map(3 + size)
        + str("type")
        + str("subscribe")
        + str("id")
        + "01"
        + str("topic")
        + str("room:lobby")
        + extra;
  }

  private void assertRefused(String hex, String code, @Nullable Long id, String message) {
    assertRefused(Payload.binary(Hex.bytes(hex)), code, id, message);
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
