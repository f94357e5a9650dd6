package dev.herald.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.CodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BuiltInCodecsTest {

  @Test
  void theFactoryKnowsStringsByteArraysAndBuffersOnly() {
    Codec.Factory factory = Codec.Factory.builtIn();

    assertThat(factory.create(String.class)).isSameAs(Codec.text());
    assertThat(factory.create(byte[].class)).isSameAs(Codec.bytes());
    assertThat(factory.create(ByteBuffer.class)).isSameAs(Codec.byteBuffer());
    assertThat(factory.create(Integer.class)).isNull();
  }

  @Test
  void stringsAreTextFramesAndBytesAreBinaryFrames() {
    assertThat(Codec.text().encode("hé"))
        .isInstanceOf(Payload.Text.class)
        .extracting(Payload::size)
        .isEqualTo(3);
    assertThat(Codec.bytes().encode(new byte[] {1, 2})).isInstanceOf(Payload.Binary.class);
    assertThat(Codec.byteBuffer().decode(Payload.binary(new byte[] {7})).get()).isEqualTo((byte) 7);
  }

  @Test
  void encodingABufferCopiesItSoTheCallerMayReuseIt() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
    Payload payload = Codec.byteBuffer().encode(buffer);

    buffer.put(0, (byte) 9);

    assertThat(payload.bytes().get(0)).isEqualTo((byte) 1);
    assertThat(buffer.position()).isZero();
  }

  @Test
  void theWrongFrameTypeIsACodecException() {
    assertThatThrownBy(() -> Codec.text().decode(Payload.binary(new byte[] {1})))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("expected a text frame");
    assertThatThrownBy(() -> Codec.bytes().decode(Payload.text("x")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("expected a binary frame");
  }

  @Test
  void invalidUtf8InATextFrameIsACodecException() {
    Payload.Text text = Payload.utf8(new byte[] {(byte) 0xC3, (byte) 0x28});

    assertThatThrownBy(text::text)
        .isInstanceOf(CodecException.class)
        .hasMessage("text frame is not valid UTF-8");
  }

  @Test
  void aPayloadDecodedAtOnceRefusesInvalidUtf8AndKeepsBothForms() {
    byte[] utf8 = "héllo 😀".getBytes(StandardCharsets.UTF_8);
    Payload.Text text = Payload.decodedUtf8(utf8);

    assertThat(text.text()).isEqualTo("héllo 😀");
    assertThat(text.size()).isEqualTo(utf8.length);
    assertThat(Codec.text().decode(text)).isEqualTo("héllo 😀");
    assertThatThrownBy(() -> Payload.decodedUtf8(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOf(CodecException.class)
        .hasMessage("text frame is not valid UTF-8");
    assertThatThrownBy(
            () -> Payload.decodedUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void textDecodingIsAsStrictAsTheJdksReportingDecoder() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(12)];
      random.nextBytes(bytes);
      if (i % 3 == 0) {
        // Mostly valid text with a few stray bytes, where a lenient decoder would differ.
        bytes =
            ("ok é 😀 " + new String(bytes, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
      }
      String strict;
      try {
        strict =
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        strict = null;
      }
      Payload.Text text = Payload.utf8(bytes);
      if (strict == null) {
        assertThatThrownBy(text::text).isInstanceOf(CodecException.class);
      } else {
        assertThat(text.text()).isEqualTo(strict);
      }
    }
    byte[] overlong = {(byte) 0xC0, (byte) 0x80};
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] replacementCharacter = "\uFFFD".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(Payload.utf8(overlong)::text).isInstanceOf(CodecException.class);
    assertThatThrownBy(Payload.utf8(surrogate)::text).isInstanceOf(CodecException.class);
    assertThat(Payload.utf8(replacementCharacter).text()).isEqualTo("\uFFFD");
  }

  @Test
  void payloadsAreReadOnlyViews() {
    Payload.Text text = Payload.utf8("abc".getBytes(StandardCharsets.UTF_8));

    assertThat(text.bytes().isReadOnly()).isTrue();
    assertThat(text.text()).isEqualTo("abc");
    assertThat(text).isEqualTo(Payload.text("abc"));
  }
}
