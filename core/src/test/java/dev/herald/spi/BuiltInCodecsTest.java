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
    assertThat(Codec.text().encode("hé")).isInstanceOf(Payload.Text.class).extracting(Payload::size).isEqualTo(3);
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

    assertThatThrownBy(text::text).isInstanceOf(CodecException.class).hasMessage("text frame is not valid UTF-8");
  }

  @Test
  void payloadsAreReadOnlyViews() {
    Payload.Text text = Payload.utf8("abc".getBytes(StandardCharsets.UTF_8));

    assertThat(text.bytes().isReadOnly()).isTrue();
    assertThat(text.text()).isEqualTo("abc");
    assertThat(text).isEqualTo(Payload.text("abc"));
  }
}
