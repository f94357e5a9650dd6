package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.herald.spi.Payload;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JsonRoundTripTest {
  private final JsonCodec<ChatMessage> chat = JsonCodec.of(ChatMessage.class);
  private final JsonCodec<JsonNode> trees = JsonCodec.of(JsonNode.class);
  private final JsonCodec<Map<String, List<Long>>> maps = JsonCodec.of(new TypeReference<>() {});

  @Property
  void chatMessagesRoundTrip(@ForAll("chatMessages") ChatMessage message) {
    Payload payload = chat.encode(message);

    assertThat(payload).isInstanceOf(Payload.Text.class);
    assertThat(chat.decode(payload)).isEqualTo(message);
  }

  @Property
  void chatMessagesRoundTripThroughAStringMadePayload(@ForAll("chatMessages") ChatMessage message) {
    // Transports that receive a String make the payload from it, not from bytes.
    String json = ((Payload.Text) chat.encode(message)).text();

    assertThat(chat.decode(Payload.text(json))).isEqualTo(message);
  }

  @Property
  void mapsRoundTrip(@ForAll Map<String, List<Long>> message) {
    assertThat(maps.decode(maps.encode(message))).isEqualTo(message);
  }

  @Property
  void jsonTreesRoundTrip(@ForAll("trees") JsonNode message) {
    assertThat(trees.decode(trees.encode(message))).isEqualTo(message);
  }

  @Provide
  Arbitrary<ChatMessage> chatMessages() {
    return Combinators.combine(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.strings().ofMaxLength(300),
            Arbitraries.longs(),
            Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(5))
        .as(ChatMessage::new);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    Arbitrary<JsonNode> leaves =
        Arbitraries.oneOf(
            Arbitraries.strings().map(TextNode::valueOf),
            Arbitraries.integers().map(IntNode::valueOf),
            Arbitraries.doubles().map(DoubleNode::valueOf),
            Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
    return Arbitraries.recursive(
        () -> leaves,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(JsonRoundTripTest::array),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), inner)
                    .ofMaxSize(4)
                    .map(JsonRoundTripTest::object)),
        0,
        5);
  }

  private static JsonNode array(List<JsonNode> elements) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    array.addAll(elements);
    return array;
  }

  private static JsonNode object(Map<String, JsonNode> fields) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.setAll(fields);
    return object;
  }
}
