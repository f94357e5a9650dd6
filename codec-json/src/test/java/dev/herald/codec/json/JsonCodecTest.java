package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  @Test
  void encodesToUtf8TextFrames() {
    Payload payload =
        JsonCodec.of(ChatMessage.class).encode(new ChatMessage("chat", "é", "😀", 1, List.of()));

    assertThat(((Payload.Text) payload).text())
        .isEqualTo(
            "{\"type\":\"chat\",\"clientId\":\"é\",\"text\":\"😀\",\"timestamp\":1,\"tags\":[]}");
    assertThat(payload.size()).isEqualTo(payload.bytes().remaining());
  }

  @Test
  void usesTheApplicationsMapper() {
    ObjectMapper mapper =
        JsonCodec.newObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    JsonCodec<ChatMessage> codec = JsonCodec.of(ChatMessage.class, mapper);
    ChatMessage message = new ChatMessage("chat", "alice", "hi", 7, List.of());

    assertThat(((Payload.Text) codec.encode(message)).text()).contains("\"client_id\":\"alice\"");
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void roundTripsASealedHierarchyWithTypeInfo() {
    // The codec writes with the declared type, so the type id goes on the wire.
    JsonCodec<Event> codec = JsonCodec.of(Event.class);
    Event said = new Said("alice", "hi");

    assertThat(((Payload.Text) codec.encode(said)).text())
        .isEqualTo("{\"type\":\"said\",\"who\":\"alice\",\"text\":\"hi\"}");
    assertThat(codec.decode(codec.encode(said))).isEqualTo(said);
    assertThat(codec.decode(Payload.text("{\"type\":\"joined\",\"who\":\"bob\"}")))
        .isEqualTo(new Joined("bob"));
  }

  @Test
  void decodesGenericTypes() {
    JsonCodec<Map<String, List<Integer>>> codec = JsonCodec.of(new TypeReference<>() {});

    assertThat(codec.decode(Payload.text("{\"a\":[1,2]}"))).isEqualTo(Map.of("a", List.of(1, 2)));
  }

  @Test
  void decodesJsonNullAsANullNodeForTrees() {
    assertThat(JsonCodec.of(JsonNode.class).decode(Payload.text("null")))
        .isEqualTo(NullNode.getInstance());
  }

  @Test
  void factoryMakesACodecForEveryType() {
    Codec.Factory factory = JsonCodec.factory();

    assertThat(factory.create(ChatMessage.class)).isInstanceOf(JsonCodec.class);
    assertThat(factory.create(String.class)).isInstanceOf(JsonCodec.class);
    assertThat(factory.create(new TypeReference<List<ChatMessage>>() {}.getType()))
        .hasToString("JsonCodec[java.util.List<dev.herald.codec.json.ChatMessage>]");
  }

  @Test
  void factoryCodecsDecodeGenericTypes() {
    @SuppressWarnings("unchecked")
    Codec<List<ChatMessage>> codec =
        (Codec<List<ChatMessage>>)
            JsonCodec.factory().create(new TypeReference<List<ChatMessage>>() {}.getType());
    List<ChatMessage> messages = List.of(new ChatMessage("chat", "a", "b", 1, List.of("t")));

    assertThat(codec.decode(codec.encode(messages))).isEqualTo(messages);
  }

  @Test
  void rejectsAMapperThatDoesNotWriteJson() {
    ObjectMapper other =
        new ObjectMapper(
            new JsonFactory() {
              private static final long serialVersionUID = 1L;

              @Override
              public String getFormatName() {
                return "YAML";
              }
            });

    assertThatThrownBy(() -> JsonCodec.of(ChatMessage.class, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mapper does not read and write JSON: YAML");
    assertThatThrownBy(() -> JsonCodec.factory(other)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failureToEncodeIsACodecException() {
    JsonCodec<Object> codec = JsonCodec.of(Object.class);

    assertThatThrownBy(() -> codec.encode(new Object()))
        .isExactlyInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot encode java.lang.Object as JSON");
  }

  @Test
  void defaultMapperHasHeraldsLimits() {
    var constraints = JsonCodec.newObjectMapper().getFactory().streamReadConstraints();

    assertThat(constraints.getMaxNestingDepth()).isEqualTo(128);
    assertThat(constraints.getMaxDocumentLength()).isEqualTo(16L * 1024 * 1024);
    assertThat(constraints.getMaxStringLength()).isEqualTo(16 * 1024 * 1024);
    assertThat(constraints.getMaxNameLength()).isEqualTo(4096);
    assertThat(constraints.getMaxNumberLength()).isEqualTo(100);
    assertThat(constraints.getMaxTokenCount()).isEqualTo(1_000_000L);
  }

  @Test
  void newObjectMapperReturnsAFreshMapperEachTime() {
    assertThat(JsonCodec.newObjectMapper()).isNotSameAs(JsonCodec.newObjectMapper());
  }

  @Test
  void encodesLoneSurrogatesAsEscapesThatRoundTrip() {
    JsonCodec<String> codec = JsonCodec.of(String.class);
    Payload payload = codec.encode("a\uD800b");

    assertThat(payload.bytes()).isEqualTo(StandardCharsets.UTF_8.encode("\"a\\uD800b\""));
    assertThat(codec.decode(payload)).isEqualTo("a\uD800b");
  }

  /** A message hierarchy as applications declare one. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Joined.class, name = "joined"),
    @JsonSubTypes.Type(value = Said.class, name = "said")
  })
  sealed interface Event permits Joined, Said {}

  record Joined(String who) implements Event {}

  record Said(String who, String text) implements Event {}
}
