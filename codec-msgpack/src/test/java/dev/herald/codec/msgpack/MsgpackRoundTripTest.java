package dev.herald.codec.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.spi.Payload;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class MsgpackRoundTripTest {
  private final MsgpackCodec<ChatMessage> chat = MsgpackCodec.of(ChatMessage.class);
  private final MsgpackCodec<Map<String, List<Long>>> maps =
      MsgpackCodec.of(new TypeReference<>() {});

  @Property
  void chatMessagesRoundTrip(@ForAll("chatMessages") ChatMessage message) {
    Payload payload = chat.encode(message);

    assertThat(payload).isInstanceOf(Payload.Binary.class);
    assertThat(chat.decode(payload)).isEqualTo(message);
  }

  @Property
  void mapsRoundTrip(@ForAll("maps") Map<String, List<Long>> message) {
    assertThat(maps.decode(maps.encode(message))).isEqualTo(message);
  }

  @Property
  void valuesRoundTrip(@ForAll("values") Value message) {
    Payload payload = MsgpackCodec.value().encode(message);

    assertThat(payload).isInstanceOf(Payload.Binary.class);
    assertThat(MsgpackCodec.value().decode(payload)).isEqualTo(message);
  }

  @Provide
  Arbitrary<ChatMessage> chatMessages() {
    return Combinators.combine(
            text().ofMaxLength(20),
            text().ofMaxLength(40),
            text().ofMaxLength(300),
            Arbitraries.longs(),
            text().ofMaxLength(10).list().ofMaxSize(5))
        .as(ChatMessage::new);
  }

  @Provide
  Arbitrary<Map<String, List<Long>>> maps() {
    return Arbitraries.maps(text().ofMaxLength(10), Arbitraries.longs().list().ofMaxSize(5))
        .ofMaxSize(5);
  }

  @Provide
  Arbitrary<Value> values() {
    Arbitrary<Value> leaves =
        Arbitraries.oneOf(
            text().map(ValueFactory::newString),
            Arbitraries.longs().map(ValueFactory::newInteger),
            Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE))
                .map(ValueFactory::newInteger),
            Arbitraries.doubles().map(ValueFactory::newFloat),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(ValueFactory::newBinary),
            Combinators.combine(
                    Arbitraries.bytes().between((byte) 0, Byte.MAX_VALUE),
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                .as(ValueFactory::newExtension),
            Arbitraries.of(
                ValueFactory.newNil(),
                ValueFactory.newBoolean(true),
                ValueFactory.newBoolean(false)));
    return Arbitraries.recursive(
        () -> leaves,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(ValueFactory::newArray),
                Arbitraries.maps(inner, inner).ofMaxSize(3).map(ValueFactory::newMap)),
        0,
        4);
  }

  /**
   * Returns strings of whole code points: MessagePack strings are UTF-8, which cannot hold a lone
   * surrogate (see {@code MsgpackCodecTest}).
   */
  private static StringArbitrary text() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\uD7FF')
        .withCharRange('\uE000', '\uFFFF');
  }
}
