package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of hostile input the issue names becomes a {@link CodecException}. */
class HostileJsonTest {
  private final JsonCodec<ChatMessage> chat = JsonCodec.of(ChatMessage.class);
  private final JsonCodec<JsonNode> trees = JsonCodec.of(JsonNode.class);
  private final JsonCodec<Object> untyped = JsonCodec.of(Object.class);

  @Test
  void invalidJsonIsRejected() {
    assertRejected(chat, Payload.text("{\"type\":\"chat\","), "Unexpected end-of-input");
    assertRejected(trees, Payload.text("{type: chat}"), "cannot decode JSON");
    assertRejected(trees, Payload.text("[1,,2]"), "cannot decode JSON");
  }

  @Test
  void wrongTypesAreRejected() {
    assertRejected(chat, Payload.text("{\"timestamp\":\"yesterday\"}"), "(at $.timestamp)");
    assertRejected(chat, Payload.text("[\"chat\"]"), "ChatMessage");
    assertRejected(chat, Payload.text("{\"tags\":{\"a\":1}}"), "(at $.tags)");
  }

  @Test
  void unknownPropertiesAreRejectedByTheDefaultMapper() {
    assertRejected(chat, Payload.text("{\"type\":\"chat\",\"admin\":true}"), "admin");
  }

  @Test
  void nestingTenThousandArraysDeepIsRejected() {
    Payload deep = Payload.text("[".repeat(10_000) + "]".repeat(10_000));

    assertRejected(trees, deep, "nesting depth");
    assertRejected(untyped, deep, "nesting depth");
    assertRejected(chat, deep, "cannot decode JSON");
  }

  @Test
  void nestingTenThousandObjectsDeepIsRejected() {
    Payload deep = Payload.text("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));

    assertRejected(trees, deep, "nesting depth");
    assertRejected(untyped, deep, "nesting depth");
  }

  @Test
  void nestingTenThousandLevelsDeepIsRejectedWithTheApplicationsMapperToo() {
    // A plain ObjectMapper carries Jackson's own default limit of 1,000 levels.
    JsonCodec<JsonNode> codec = JsonCodec.of(JsonNode.class, new ObjectMapper());

    assertRejected(codec, Payload.text("[".repeat(10_000) + "]".repeat(10_000)), "nesting depth");
  }

  @Test
  void nestingUpToTheLimitIsAccepted() {
    int depth = JsonCodec.MAX_NESTING_DEPTH;

    trees.decode(Payload.text("[".repeat(depth) + "]".repeat(depth)));
    assertRejected(
        trees, Payload.text("[".repeat(depth + 1) + "]".repeat(depth + 1)), "nesting depth");
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[][] invalid = {
      {'"', (byte) 0xFF, '"'}, // never valid
      {'"', (byte) 0xC3, '"'}, // truncated sequence
      {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL, which Jackson alone accepts
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // encoded surrogate
      {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
    };
    for (byte[] bytes : invalid) {
      assertRejected(trees, Payload.utf8(bytes), "not valid UTF-8");
    }
  }

  @Test
  void emptyFrameIsRejected() {
    assertRejected(chat, Payload.utf8(new byte[0]), "No content");
    assertRejected(trees, Payload.text(""), "cannot decode JSON");
    assertRejected(trees, Payload.text("   "), "cannot decode JSON");
  }

  @Test
  void binaryFrameIsRejected() {
    assertRejected(chat, Payload.binary("{}".getBytes()), "expected a JSON text frame");
  }

  @Test
  void nullIsRejected() {
    assertRejected(chat, Payload.text("null"), "null");
    assertRejected(untyped, Payload.text(" null "), "null");
  }

  @Test
  void trailingContentIsRejected() {
    assertRejected(trees, Payload.text("{} {}"), "cannot decode JSON");
    assertRejected(trees, Payload.text("1 2"), "cannot decode JSON");
  }

  @Test
  void numbersLongerThanTheLimitAreRejected() {
    String digits = "9".repeat(JsonCodec.MAX_NUMBER_LENGTH + 1);

    assertRejected(trees, Payload.text("[" + digits + "]"), "Number value length");
  }

  @Test
  void propertyNamesLongerThanTheLimitAreRejected() {
    String name = "n".repeat(JsonCodec.MAX_NAME_LENGTH + 1);

    assertRejected(trees, Payload.text("{\"" + name + "\":1}"), "Name length");
  }

  @Test
  void documentsWithMoreTokensThanTheLimitAreRejected() {
    Payload many = Payload.text("[" + "0,".repeat((int) JsonCodec.MAX_TOKEN_COUNT) + "0]");

    assertRejected(trees, many, "Token count");
  }

  @Test
  void recordConstructorFailuresAreRejected() {
    JsonCodec<Checked> codec = JsonCodec.of(Checked.class);

    assertRejected(codec, Payload.text("{\"size\":-1}"), "size < 0: -1");
  }

  @Test
  void wrongMapTypesAreRejected() {
    JsonCodec<Map<String, Integer>> codec =
        JsonCodec.of(new com.fasterxml.jackson.core.type.TypeReference<>() {});

    assertRejected(codec, Payload.text("{\"a\":\"b\"}"), "Integer");
  }

  private static void assertRejected(Codec<?> codec, Payload payload, String reason) {
    assertThatThrownBy(() -> codec.decode(payload))
        .isExactlyInstanceOf(CodecException.class)
        .hasMessageContaining(reason);
  }

  /** A message whose constructor checks its argument. */
  record Checked(int size) {
    Checked {
      if (size < 0) {
        throw new IllegalArgumentException("size < 0: " + size);
      }
    }
  }
}
