package dev.herald.codec.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.value.Value;

/** Every kind of hostile input the issue names becomes a {@link CodecException}. */
class HostileMsgpackTest {
  private static final byte[] TWO_GIB = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

  private final MsgpackCodec<ChatMessage> chat = MsgpackCodec.of(ChatMessage.class);
  private final MsgpackCodec<Object> untyped = MsgpackCodec.of(Object.class);
  private final Codec<Value> values = MsgpackCodec.value();
  private final List<Codec<?>> all = List.of(chat, untyped, values);

  @Test
  void truncatedMessagePackIsRejected() {
    byte[] whole =
        bytesOf(chat.encode(new ChatMessage("chat", "alice", "hello", 1L << 40, List.of("x"))));
    for (int length = 0; length < whole.length; length++) {
      byte[] truncated = Arrays.copyOf(whole, length);
      for (Codec<?> codec : all) {
        assertThatThrownBy(() -> codec.decode(Payload.binary(truncated)))
            .as("%s decoding %d of %d bytes", codec, length, whole.length)
            .isExactlyInstanceOf(CodecException.class);
      }
    }
  }

  @Test
  void truncatedHeadersAreRejected() {
    assertRejectedByAll(bytes(0xDB, 0x00, 0x00), "malformed MessagePack");
    assertRejectedByAll(bytes(0xCB, 0x40), "malformed MessagePack");
  }

  @Test
  void wrongTypesAreRejected() {
    // {"timestamp": "yesterday"}
    byte[] wrong = concat(bytes(0x81, 0xA9), ascii("timestamp"), bytes(0xA9), ascii("yesterday"));

    assertRejected(
        chat, wrong, "cannot decode MessagePack as dev.herald.codec.msgpack.ChatMessage");
    assertRejected(chat, bytes(0x93, 0x01, 0x02, 0x03), "ChatMessage");
  }

  @Test
  void aBooleanWhereAMessageBelongsIsRejected() {
    // Jackson's MessagePack parser throws a NullPointerException here; found by MsgpackFuzzTest.
    assertRejected(chat, bytes(0xC2), "ChatMessage");
    assertRejected(chat, bytes(0x91, 0xC3), "ChatMessage");
  }

  @Test
  void nestingTenThousandArraysDeepIsRejected() {
    byte[] deep = new byte[10_001];
    Arrays.fill(deep, (byte) 0x91); // array of one element
    deep[10_000] = (byte) 0xC0;

    assertRejectedByAll(deep, "nesting deeper than 128");
  }

  @Test
  void nestingTenThousandMapsDeepIsRejected() {
    byte[] deep = new byte[20_001];
    for (int i = 0; i < 10_000; i++) {
      deep[2 * i] = (byte) 0x81; // map of one entry
      deep[2 * i + 1] = 0x00; // its key
    }
    deep[20_000] = (byte) 0xC0;

    assertRejectedByAll(deep, "nesting deeper than 128");
  }

  @Test
  void nestingTenThousandLevelsDeepIsRejectedWithTheApplicationsMapperToo() {
    // A plain MessagePack mapper carries Jackson's default limit of 1,000 levels.
    MsgpackCodec<Object> codec =
        MsgpackCodec.of(Object.class, new ObjectMapper(new MessagePackFactory()));
    byte[] deep = new byte[10_001];
    Arrays.fill(deep, (byte) 0x91);
    deep[10_000] = (byte) 0xC0;

    assertRejected(codec, deep, "nesting deeper than 1000");
  }

  @Test
  void nestingUpToTheLimitIsAccepted() {
    byte[] deepest = new byte[MsgpackCodec.MAX_NESTING_DEPTH];
    Arrays.fill(deepest, (byte) 0x91);
    deepest[deepest.length - 1] = (byte) 0x90; // the innermost array is empty

    assertThat(values.decode(Payload.binary(deepest)).isArrayValue()).isTrue();
    assertThat(untyped.decode(Payload.binary(deepest))).isInstanceOf(List.class);
    assertRejectedByAll(concat(bytes(0x91), deepest), "nesting deeper than 128");
  }

  @Test
  void aHeaderDeclaringATwoGibStringIsRejected() {
    assertRejectedByAll(
        concat(bytes(0xDB), TWO_GIB, ascii("abc")),
        "string header declares 2147483647 bytes but only 3 bytes remain");
  }

  @Test
  void aHeaderDeclaringATwoGibArrayIsRejected() {
    assertRejectedByAll(
        concat(bytes(0xDD), TWO_GIB, bytes(1, 2, 3)), "array header declares 2147483647 elements");
  }

  @Test
  void aHeaderDeclaringATwoGibMapIsRejected() {
    assertRejectedByAll(
        concat(bytes(0xDF), TWO_GIB, bytes(1, 2)),
        "map header declares 4294967294 keys and values");
  }

  @Test
  void headersDeclaringTwoGibOfBinaryOrExtensionAreRejected() {
    assertRejectedByAll(concat(bytes(0xC6), TWO_GIB), "binary header declares 2147483647 bytes");
    assertRejectedByAll(
        concat(bytes(0xC9), TWO_GIB, bytes(1)), "extension header declares 2147483647 bytes");
  }

  @Test
  void aHeaderDeclaringFourGibIsRejected() {
    byte[] fourGib = bytes(0xFF, 0xFF, 0xFF, 0xFF);

    assertRejectedByAll(concat(bytes(0xDB), fourGib), "malformed MessagePack");
    assertRejectedByAll(concat(bytes(0xDD), fourGib), "malformed MessagePack");
  }

  @Test
  void aHeaderDeclaringMoreThanTheFrameHoldsIsRejectedDeepInside() {
    // [ "ok", {"k": str8 of 200 bytes, only 2 present} ]
    byte[] bytes =
        concat(
            bytes(0x92, 0xA2),
            ascii("ok"),
            bytes(0x81, 0xA1),
            ascii("k"),
            bytes(0xD9, 200),
            ascii("ab"));

    assertRejectedByAll(bytes, "string header declares 200 bytes but only 2 bytes remain");
  }

  @Test
  void invalidUtf8InAStringIsRejected() {
    byte[][] invalid = {
      bytes(0xA1, 0xFF),
      bytes(0xA1, 0xC3),
      bytes(0xA2, 0xC0, 0x80),
      bytes(0xA3, 0xED, 0xA0, 0x80),
      bytes(0xA4, 0xF4, 0x90, 0x80, 0x80),
      // as a map key: {"\xFF": 1}
      bytes(0x81, 0xA1, 0xFF, 0x01),
    };
    for (byte[] bytes : invalid) {
      assertRejectedByAll(bytes, "not valid UTF-8");
    }
  }

  @Test
  void emptyFrameIsRejected() {
    assertRejectedByAll(new byte[0], "empty MessagePack frame");
  }

  @Test
  void textFrameIsRejected() {
    for (Codec<?> codec : all) {
      assertThatThrownBy(() -> codec.decode(Payload.text("{}")))
          .isExactlyInstanceOf(CodecException.class)
          .hasMessageStartingWith("expected a MessagePack binary frame");
    }
  }

  @Test
  void trailingBytesAreRejected() {
    assertRejectedByAll(
        bytes(0x01, 0x02), "trailing bytes after the MessagePack value at offset 1");
  }

  @Test
  void neverUsedFormatIsRejected() {
    assertRejectedByAll(bytes(0x91, 0xC1), "malformed MessagePack");
  }

  @Test
  void nilIsRejectedAsATypedMessage() {
    assertRejected(chat, bytes(0xC0), "nil");
    assertThat(values.decode(Payload.binary(bytes(0xC0))).isNilValue()).isTrue();
  }

  @Test
  void moreValuesThanTheLimitAreRejected() {
    int count = MsgpackCodec.MAX_VALUES; // plus the array itself: one too many
    ByteBuffer buffer = ByteBuffer.allocate(5 + count);
    buffer.put((byte) 0xDD).putInt(count);
    byte[] bytes = buffer.array(); // the elements are all zeros: positive fixints

    assertRejectedByAll(bytes, "more than 1000000 values");
  }

  private void assertRejectedByAll(byte[] bytes, String reason) {
    for (Codec<?> codec : all) {
      assertRejected(codec, bytes, reason);
    }
  }

  private static void assertRejected(Codec<?> codec, byte[] bytes, String reason) {
    assertThatThrownBy(() -> codec.decode(Payload.binary(bytes)))
        .as("%s", codec)
        .isExactlyInstanceOf(CodecException.class)
        .hasMessageContaining(reason);
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }

  private static byte[] bytesOf(Payload payload) {
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return bytes;
  }
}
