package dev.herald.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.spi.ClientFrame;
import dev.herald.spi.Payload;
import dev.herald.spi.ServerFrame;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The application's data crosses the protocol untouched: decoding returns the exact text the client
 * wrote, whitespace inside it included; encoding copies the codec's bytes into the frame as they
 * are.
 */
class JsonDataEmbeddingTest {
  private final JsonProtocol protocol = JsonProtocol.v1();

  @Test
  void decodedDataIsTheExactSliceWhitespaceIncluded() {
    Payload data =
        data(protocol.decode(Payload.text("{\"type\":\"message\",\"data\": {\"a\" : [1, 2]}\n}")));

    assertThat(((Payload.Text) data).text()).isEqualTo("{\"a\" : [1, 2]}");
  }

  @Test
  void dataLongerThanJacksonsBufferIsSlicedExactly() {
    String value = "[\"" + "x".repeat(100_000) + "\" , 1 ,\"\u00e9\uD83D\uDE00\"]";
    String json = "{\"type\":\"publish\",\"id\":1,\"data\":  " + value + "  ,\"topic\":\"t\"}";

    assertThat(((Payload.Text) data(protocol.decode(Payload.text(json)))).text()).isEqualTo(value);
  }

  @Property
  void decodedDataIsTheValueAsWritten(
      @ForAll("values") String value, @ForAll("spaces") String before, @ForAll boolean last) {
    String json =
        last
            ? "{\"type\":\"message\",\"data\":" + before + value + before + "}"
            : "{\"data\":" + before + value + before + ",\"type\":\"message\"}";

    Payload data = data(protocol.decode(Payload.text(json)));

    assertThat(((Payload.Text) data).text()).isEqualTo(value);
  }

  @Property
  void encodedDataIsCopiedByteForByte(@ForAll("values") String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);

    Payload frame = protocol.encode(new ServerFrame.Message(Payload.utf8(bytes)));

    assertThat(((Payload.Text) frame).text())
        .isEqualTo("{\"type\":\"message\",\"data\":" + value + "}");
  }

  @Test
  void encodingBinaryDataIsRefused() {
    assertThatThrownBy(
            () -> protocol.encode(new ServerFrame.Message(Payload.binary(new byte[] {1}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a text payload");
  }

  @Test
  void encodingDataThatIsNotOneJsonValueIsRefused() {
    for (String bad : new String[] {"", " ", "{", "1 2", "{}}", "hello", "[1,]", "\"open"}) {
      assertThatThrownBy(() -> protocol.encode(new ServerFrame.Message(Payload.text(bad))))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void encodingAcceptsDataDeeperThanWhatClientsMaySend() {
    String deep = "[".repeat(1000) + "]".repeat(1000);

    Payload frame = protocol.encode(new ServerFrame.Message(Payload.text(deep)));

    assertThat(frame.size()).isEqualTo("{\"type\":\"message\",\"data\":}".length() + 2000);
  }

  @Provide
  Arbitrary<String> values() {
    return value(3);
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.of("", " ", "\n", "\t \r\n ");
  }

  private Arbitrary<String> value(int depth) {
    Arbitrary<String> scalars =
        Arbitraries.oneOf(
            Arbitraries.of(
                "null",
                "true",
                "false",
                "0",
                "-0",
                "1.5e-3",
                "12345678901234567890123",
                "\"\"",
                "\"a\\\"b\\\\\"",
                "\"\\u00e9\\n\"",
                "\"\u00e9\uD83D\uDE00\""),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.strings().alpha().numeric().ofMaxLength(8).map(s -> '"' + s + '"'));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<String> element =
        Combinators.combine(spaces(), value(depth - 1), spaces()).as((a, v, b) -> a + v + b);
    Arbitrary<String> arrays =
        element.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]");
    Arbitrary<String> members =
        Combinators.combine(
                spaces(), Arbitraries.strings().alpha().ofMaxLength(4), spaces(), element)
            .as((a, key, b, v) -> a + '"' + key + '"' + b + ':' + v);
    Arbitrary<String> objects =
        members.list().ofMaxSize(3).map(list -> "{" + String.join(",", list) + "}");
    return Arbitraries.oneOf(scalars, arrays, objects);
  }

  private static Payload data(ClientFrame frame) {
    if (frame instanceof ClientFrame.Message message) {
      return message.data();
    }
    return ((ClientFrame.Publish) frame).data();
  }
}
