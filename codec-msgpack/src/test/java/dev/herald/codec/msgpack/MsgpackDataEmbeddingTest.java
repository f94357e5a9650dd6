package dev.herald.codec.msgpack;

import static dev.herald.codec.msgpack.Hex.map;
import static dev.herald.codec.msgpack.Hex.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.spi.ClientFrame;
import dev.herald.spi.Payload;
import dev.herald.spi.ServerFrame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The application's data crosses the protocol untouched: decoding returns the exact bytes the
 * client wrote, formats larger than needed included; encoding copies the codec's bytes into the
 * frame as they are.
 */
class MsgpackDataEmbeddingTest {
  private final MsgpackProtocol protocol = MsgpackProtocol.v1();

  @Property
  void decodedDataIsTheValueAsWritten(@ForAll("values") String value, @ForAll boolean last) {
    String frame =
        last
            ? map(2) + str("type") + str("message") + str("data") + value
            : map(2) + str("data") + value + str("type") + str("message");

    ClientFrame.Message message =
        (ClientFrame.Message) protocol.decode(Payload.binary(Hex.bytes(frame)));

    assertThat(Hex.of(bytes(message.data()))).isEqualTo(value);
  }

  @Property
  void encodedDataIsCopiedByteForByte(@ForAll("values") String value) {
    Payload frame =
        protocol.encode(new ServerFrame.Publication("t", null, Payload.binary(Hex.bytes(value))));

    assertThat(Hex.of(bytes(frame)))
        .isEqualTo(
            map(3)
                + str("type")
                + str("publication")
                + str("topic")
                + str("t")
                + str("data")
                + value);
  }

  @Test
  void encodingTextDataIsRefused() {
    assertThatThrownBy(() -> protocol.encode(new ServerFrame.Message(Payload.text("{}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a binary payload");
  }

  @Test
  void encodingDataThatIsNotOneMessagePackValueIsRefused() {
    for (String bad : new String[] {"", "c1", "0101", "92", "a3616263ff", "dbffffffff", "a2c0c1"}) {
      assertThatThrownBy(
              () -> protocol.encode(new ServerFrame.Message(Payload.binary(Hex.bytes(bad)))))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not one MessagePack value");
    }
  }

  @Test
  void encodingAcceptsDataDeeperThanWhatClientsMaySend() {
    String deep = "91".repeat(1000) + "c0";

    Payload frame = protocol.encode(new ServerFrame.Message(Payload.binary(Hex.bytes(deep))));

    assertThat(Hex.of(bytes(frame))).endsWith(deep);
  }

  /** Returns MessagePack values as hex, often in formats larger than msgpack-core would pick. */
  @Provide
  Arbitrary<String> values() {
    return value(3);
  }

  private Arbitrary<String> value(int depth) {
    Arbitrary<String> scalars =
        Arbitraries.of(
            "c0",
            "c2",
            "c3",
            "00",
            "7f",
            "e0",
            "cc01",
            "d30000000000000001",
            "cfffffffffffffffff",
            "ca3fc00000",
            "cb3ff8000000000000",
            "a0",
            "a3616263",
            "d90161",
            "da0003e282ac",
            "c40100",
            "c5000161",
            "d40102",
            "c7020102ab");
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<String> arrays =
        value(depth - 1)
            .list()
            .ofMaxSize(3)
            .map(
                list ->
                    (list.size() % 2 == 0
                            ? String.format("%02x", 0x90 | list.size())
                            : String.format("dc%04x", list.size()))
                        + String.join("", list));
    Arbitrary<String> entries =
        Combinators.combine(value(depth - 1), value(depth - 1)).as((k, v) -> k + v);
    Arbitrary<String> maps =
        entries.list().ofMaxSize(3).map(list -> map(list.size()) + String.join("", list));
    return Arbitraries.oneOf(scalars, arrays, maps);
  }

  private static byte[] bytes(Payload payload) {
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return bytes;
  }
}
