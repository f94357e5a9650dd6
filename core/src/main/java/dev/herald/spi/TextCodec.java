package dev.herald.spi;

import dev.herald.CodecException;

final class TextCodec implements Codec<String> {
  static final TextCodec INSTANCE = new TextCodec();

  private TextCodec() {}

  @Override
  public Payload encode(String message) {
    return Payload.text(message);
  }

  @Override
  public String decode(Payload payload) {
    if (payload instanceof Payload.Text text) {
      return text.text();
    }
    throw new CodecException("expected a text frame, got " + payload);
  }
}
