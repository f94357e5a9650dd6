package dev.herald.codec.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class MsgpackCodecTest {

  @Test
  void encodesRecordsAsMapsInBinaryFrames() {
    MsgpackCodec<ChatMessage> codec = MsgpackCodec.of(ChatMessage.class);
    Payload payload = codec.encode(new ChatMessage("chat", "a", "b", 1, List.of()));

    Value value = MsgpackCodec.value().decode(payload);
    assertThat(value.asMapValue().map())
        .containsEntry(ValueFactory.newString("clientId"), ValueFactory.newString("a"))
        .containsEntry(ValueFactory.newString("timestamp"), ValueFactory.newInteger(1));
  }

  @Test
  void typedAndValueCodecsReadEachOthersFrames() {
    Value map =
        ValueFactory.newMap(
            Map.of(ValueFactory.newString("a"), ValueFactory.newArray(ValueFactory.newInteger(1))));
    MsgpackCodec<Map<String, List<Integer>>> typed = MsgpackCodec.of(new TypeReference<>() {});

    assertThat(typed.decode(MsgpackCodec.value().encode(map))).isEqualTo(Map.of("a", List.of(1)));
    assertThat(MsgpackCodec.value().decode(typed.encode(Map.of("a", List.of(1))))).isEqualTo(map);
  }

  @Test
  void usesTheApplicationsMapper() {
    ObjectMapper mapper =
        MsgpackCodec.newObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    MsgpackCodec<ChatMessage> codec = MsgpackCodec.of(ChatMessage.class, mapper);
    ChatMessage message = new ChatMessage("chat", "alice", "hi", 7, List.of());

    assertThat(MsgpackCodec.value().decode(codec.encode(message)).asMapValue().map())
        .containsKey(ValueFactory.newString("client_id"));
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void appliesTheMappersNestingLimit() {
    ObjectMapper mapper = MsgpackCodec.newObjectMapper();
    mapper
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).build());
    MsgpackCodec<Object> codec = MsgpackCodec.of(Object.class, mapper);

    assertThat(codec.decode(Payload.binary(new byte[] {(byte) 0x91, (byte) 0x90})))
        .isEqualTo(List.of(List.of()));
    assertThatThrownBy(
            () -> codec.decode(Payload.binary(new byte[] {(byte) 0x91, (byte) 0x91, (byte) 0x90})))
        .isExactlyInstanceOf(CodecException.class)
        .hasMessageContaining("nesting deeper than 2");
  }

  @Test
  void acceptsAMapperWithoutANestingLimit() {
    ObjectMapper mapper = MsgpackCodec.newObjectMapper();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build());
    MsgpackCodec<Object> codec = MsgpackCodec.of(Object.class, mapper);
    byte[] deep = new byte[1_000];
    Arrays.fill(deep, (byte) 0x91);
    deep[deep.length - 1] = (byte) 0x90;

    assertThat(codec.decode(Payload.binary(deep))).isInstanceOf(List.class);
  }

  @Test
  void factoryMakesTheValueCodecForValuesAndATypedCodecForEverythingElse() {
    Codec.Factory factory = MsgpackCodec.factory();

    assertThat(factory.create(Value.class)).isSameAs(MsgpackCodec.value());
    assertThat(factory.create(ChatMessage.class))
        .hasToString("MsgpackCodec[dev.herald.codec.msgpack.ChatMessage]");
    assertThat(factory.create(new TypeReference<List<String>>() {}.getType()))
        .hasToString("MsgpackCodec[java.util.List<java.lang.String>]");
  }

  @Test
  void rejectsAMapperThatIsNotMessagePack() {
    assertThatThrownBy(() -> MsgpackCodec.of(ChatMessage.class, new ObjectMapper()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "mapper is not built on a MessagePackFactory:"
                + " com.fasterxml.jackson.databind.MappingJsonFactory");
    assertThatThrownBy(() -> MsgpackCodec.factory(new ObjectMapper()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failureToEncodeIsACodecException() {
    MsgpackCodec<Object> codec = MsgpackCodec.of(Object.class);

    assertThatThrownBy(() -> codec.encode(new Object()))
        .isExactlyInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot encode java.lang.Object as MessagePack");
  }

  @Test
  void encodesLoneSurrogatesAsQuestionMarks() {
    // MessagePack strings are UTF-8, which has no form for a lone surrogate; msgpack replaces it.
    MsgpackCodec<String> codec = MsgpackCodec.of(String.class);

    assertThat(codec.decode(codec.encode("a\uD800b"))).isEqualTo("a?b");
  }

  @Test
  void isSmallerThanJsonForAShortStructuredMessage() {
    MsgpackCodec<ChatMessage> codec = MsgpackCodec.of(ChatMessage.class);
    ChatMessage message = new ChatMessage("chat", "alice", "hello", 1_700_000_000_000L, List.of());
    String json =
        "{\"type\":\"chat\",\"clientId\":\"alice\",\"text\":\"hello\","
            + "\"timestamp\":1700000000000,\"tags\":[]}";

    assertThat(codec.encode(message).size()).isLessThan(json.length());
  }

  @Test
  void newObjectMapperIsMessagePackWithHeraldsNestingLimit() {
    ObjectMapper mapper = MsgpackCodec.newObjectMapper();

    assertThat(mapper.getFactory()).isInstanceOf(MessagePackFactory.class);
    assertThat(mapper.getFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(128);
    assertThat(mapper).isNotSameAs(MsgpackCodec.newObjectMapper());
  }
}
