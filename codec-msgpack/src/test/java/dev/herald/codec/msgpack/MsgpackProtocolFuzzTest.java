package dev.herald.codec.msgpack;

import dev.herald.spi.Payload;
import dev.herald.spi.ProtocolException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds arbitrary input to the MessagePack protocol's decoder: it must return a frame or throw a
 * {@link ProtocolException}, nothing else. {@code -Pfuzz} raises the number of tries (see the POM).
 */
class MsgpackProtocolFuzzTest {
  private final MsgpackProtocol protocol = MsgpackProtocol.v1();

  @Property
  void arbitraryBytesDecodeOrFailWithProtocolException(
      @ForAll byte[] bytes, @ForAll boolean binary) {
    decodeOrRefuse(binary ? Payload.binary(bytes) : Payload.utf8(bytes));
  }

  @Property
  void framesOfProtocolPiecesDecodeOrFailWithProtocolException(@ForAll("pieces") byte[] bytes) {
    decodeOrRefuse(Payload.binary(bytes));
  }

  /**
   * Returns bytes made of the protocol's keys and values and MessagePack headers, which reach
   * further into the decoder than uniform random bytes do.
   */
  @Provide
  Arbitrary<byte[]> pieces() {
    List<String> pieces =
        List.of(
            "81",
            "82",
            "83",
            "85",
            "8f",
            "90",
            "91",
            "c0",
            "c3",
            "01",
            "ff",
            "cd03e9",
            "cf0020000000000000",
            "cb3ff8000000000000",
            "d9",
            "db7fffffff",
            "dd0000000f",
            "c401",
            Hex.str("type"),
            Hex.str("subscribe"),
            Hex.str("publish"),
            Hex.str("message"),
            Hex.str("ping"),
            Hex.str("id"),
            Hex.str("topic"),
            Hex.str("epoch"),
            Hex.str("offset"),
            Hex.str("data"),
            Hex.str("k3x9q2"),
            Hex.str("t"));
    return Arbitraries.of(pieces)
        .list()
        .ofMaxSize(24)
        .map(list -> Hex.bytes(String.join("", list)));
  }

  private void decodeOrRefuse(Payload payload) {
    try {
      protocol.decode(payload);
    } catch (ProtocolException expected) {
      // The one allowed failure; anything else fails the property.
    }
  }
}
