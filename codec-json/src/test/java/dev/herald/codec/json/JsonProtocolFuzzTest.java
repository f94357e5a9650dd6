package dev.herald.codec.json;

import dev.herald.spi.Payload;
import dev.herald.spi.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds arbitrary input to the JSON protocol's decoder: it must return a frame or throw a {@link
 * ProtocolException}, nothing else. {@code -Pfuzz} raises the number of tries (see the POM).
 */
class JsonProtocolFuzzTest {
  private final JsonProtocol protocol = JsonProtocol.v1();

  @Property
  void arbitraryBytesDecodeOrFailWithProtocolException(
      @ForAll byte[] bytes, @ForAll boolean binary) {
    decodeOrRefuse(binary ? Payload.binary(bytes) : Payload.utf8(bytes));
  }

  @Property
  void framesOfProtocolTokensDecodeOrFailWithProtocolException(@ForAll("tokens") String json) {
    decodeOrRefuse(Payload.utf8(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Returns text made of the protocol's keys and values and JSON's punctuation, often valid. */
  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of(
            List.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"type\"",
                "\"subscribe\"",
                "\"publish\"",
                "\"message\"",
                "\"ping\"",
                "\"id\"",
                "\"topic\"",
                "\"epoch\"",
                "\"offset\"",
                "\"data\"",
                "\"k3x9q2\"",
                "\"t\"",
                "1",
                "-1",
                "0.5",
                "9007199254740992",
                "null",
                "true",
                " ",
                "\""))
        .list()
        .ofMaxSize(40)
        .map(list -> String.join("", list));
  }

  private void decodeOrRefuse(Payload payload) {
    try {
      protocol.decode(payload);
    } catch (ProtocolException expected) {
      // The one allowed failure; anything else fails the property.
    }
  }
}
