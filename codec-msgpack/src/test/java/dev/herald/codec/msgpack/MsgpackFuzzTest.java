package dev.herald.codec.msgpack;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Feeds arbitrary bytes to both MessagePack decoders, typed and value: each must return a message
 * or throw a {@link CodecException}, nothing else. jqwik's default of 1,000 tries per property runs
 * in {@code mvn verify}; {@code -Pfuzz} raises it (see the module's POM).
 */
class MsgpackFuzzTest {
  private final List<Codec<?>> codecs =
      List.of(
          MsgpackCodec.of(ChatMessage.class),
          MsgpackCodec.of(Object.class),
          MsgpackCodec.of(new TypeReference<Map<String, Object>>() {}),
          MsgpackCodec.value());

  @Property
  void arbitraryBytesDecodeOrFailWithCodecException(@ForAll byte[] bytes) {
    decodeOrReject(Payload.binary(bytes));
  }

  @Property
  void headerHeavyBytesDecodeOrFailWithCodecException(@ForAll("headerHeavy") byte[] bytes) {
    decodeOrReject(Payload.binary(bytes));
  }

  /**
   * Returns bytes drawn mostly from MessagePack's container, string and length-prefixed headers and
   * small lengths, which reach further into the decoders than uniform random bytes do.
   */
  @Provide
  Arbitrary<byte[]> headerHeavy() {
    Arbitrary<Byte> interesting =
        Arbitraries.of(
            (byte) 0x80,
            (byte) 0x81,
            (byte) 0x82,
            (byte) 0x90,
            (byte) 0x91,
            (byte) 0x92,
            (byte) 0xA0,
            (byte) 0xA1,
            (byte) 0xA4,
            (byte) 0xC0,
            (byte) 0xC1,
            (byte) 0xC2,
            (byte) 0xC4,
            (byte) 0xC5,
            (byte) 0xC6,
            (byte) 0xC7,
            (byte) 0xCA,
            (byte) 0xCB,
            (byte) 0xCF,
            (byte) 0xD4,
            (byte) 0xD9,
            (byte) 0xDA,
            (byte) 0xDB,
            (byte) 0xDC,
            (byte) 0xDD,
            (byte) 0xDE,
            (byte) 0xDF,
            (byte) 0xFF,
            (byte) 0x7F,
            (byte) 0x00,
            (byte) 0x01,
            (byte) 0x04);
    return Arbitraries.frequencyOf(Tuple.of(4, interesting), Tuple.of(1, Arbitraries.bytes()))
        .list()
        .ofMaxSize(64)
        .map(MsgpackFuzzTest::toArray);
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] bytes = new byte[list.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = list.get(i);
    }
    return bytes;
  }

  private void decodeOrReject(Payload payload) {
    for (Codec<?> codec : codecs) {
      try {
        codec.decode(payload);
      } catch (CodecException expected) {
        // The one allowed failure; anything else fails the property.
      }
    }
  }
}
