package dev.herald.codec.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class Utf8Test {

  @Property
  void agreesWithTheJdksStrictDecoderOnArbitraryBytes(@ForAll byte[] bytes) {
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(jdkAccepts(bytes));
  }

  @Property
  void agreesWithTheJdksStrictDecoderOnHighBytes(@ForAll("highBytes") byte[] bytes) {
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(jdkAccepts(bytes));
  }

  @Property
  void acceptsEveryWellFormedString(@ForAll String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isTrue();
  }

  /** Returns bytes mostly at or above 0x80, where multi-byte sequences and their errors live. */
  @Provide
  Arbitrary<byte[]> highBytes() {
    return Arbitraries.bytes()
        .between(Byte.MIN_VALUE, (byte) -8)
        .injectDuplicates(0.1)
        .array(byte[].class)
        .ofMaxSize(12);
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
