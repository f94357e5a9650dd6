package dev.herald.codec.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.util.List;
import java.util.stream.Stream;

class JsonNodeCodecContractTest extends CodecContract<JsonNode> {
  private static final ObjectMapper MAPPER = JsonCodec.newObjectMapper();

  @SuppressWarnings("unchecked")
  private static final Codec<JsonNode> CODEC =
      (Codec<JsonNode>) JsonCodec.factory(MAPPER).create(JsonNode.class);

  @Override
  protected Codec<JsonNode> codec() {
    return CODEC;
  }

  @Override
  protected List<JsonNode> samples() {
    return Stream.of(
            "{\"type\":\"chat\",\"n\":[1,2.5,true,null,{\"deep\":[[]]}]}",
            "\"just a string\"",
            "42",
            "[]",
            "false")
        .map(JsonNodeCodecContractTest::tree)
        .toList();
  }

  @Override
  protected Class<? extends Payload> frameType() {
    return Payload.Text.class;
  }

  @Override
  protected List<Payload> malformed() {
    return List.of(Payload.text("{\"a\":}"), Payload.text("[1,2"), Payload.text("nul"));
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
