package dev.herald.codec.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds arbitrary input to the JSON decoders: each must return a message or throw a {@link
 * CodecException}, nothing else. jqwik's default of 1,000 tries per property runs in {@code mvn
 * verify}; {@code -Pfuzz} raises it (see the module's POM).
 */
class JsonFuzzTest {
  private final JsonCodec<ChatMessage> chat = JsonCodec.of(ChatMessage.class);
  private final JsonCodec<JsonNode> trees = JsonCodec.of(JsonNode.class);
  private final JsonCodec<Map<String, Object>> maps = JsonCodec.of(new TypeReference<>() {});

  @Property
  void arbitraryBytesDecodeOrFailWithCodecException(@ForAll byte[] bytes) {
    decodeOrReject(Payload.utf8(bytes));
    decodeOrReject(Payload.binary(bytes));
  }

  @Property
  void jsonLikeTextDecodesOrFailsWithCodecException(@ForAll("jsonLike") String text) {
    decodeOrReject(Payload.text(text));
  }

  /** Strings of JSON's own characters reach further into the parser than random bytes do. */
  @Provide
  Arbitrary<String> jsonLike() {
    return Arbitraries.strings()
        .withChars("{}[]\":,.-+eE0123456789 \\/untrlfsacpy\u00e9\ud83d")
        .ofMaxLength(200);
  }

  private void decodeOrReject(Payload payload) {
    for (Codec<?> codec : new Codec<?>[] {chat, trees, maps}) {
      try {
        codec.decode(payload);
      } catch (CodecException expected) {
        // The one allowed failure; anything else fails the property.
      }
    }
  }
}
