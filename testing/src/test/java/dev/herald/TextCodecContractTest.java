package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.util.List;

class TextCodecContractTest extends CodecContract<String> {

  @Override
  protected Codec<String> codec() {
    return Codec.text();
  }

  @Override
  protected List<String> samples() {
    return List.of("", "hello", "Grüße, 世界 😀", "{\"type\":\"chat\"}", "line\nbreak\u0000nul");
  }

  @Override
  protected Class<? extends Payload> frameType() {
    return Payload.Text.class;
  }

  @Override
  protected List<Payload> malformed() {
    return List.of(
        Payload.utf8(new byte[] {(byte) 0xFF}),
        Payload.utf8(new byte[] {'a', (byte) 0xC3}),
        Payload.utf8(new byte[] {(byte) 0xC0, (byte) 0x80}),
        Payload.utf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
  }

  @Override
  protected boolean emptyFrameIsAMessage() {
    return true;
  }
}
