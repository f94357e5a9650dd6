package dev.herald.spi;

import dev.herald.CodecException;
import java.nio.ByteBuffer;

final class ByteBufferCodec implements Codec<ByteBuffer> {
  static final ByteBufferCodec INSTANCE = new ByteBufferCodec();

  private ByteBufferCodec() {}

  @Override
  public Payload encode(ByteBuffer message) {
    return Payload.copyOf(message);
  }

  @Override
  public ByteBuffer decode(Payload payload) {
    if (payload instanceof Payload.Binary binary) {
      return binary.bytes();
    }
    throw new CodecException("expected a binary frame, got " + payload);
  }
}
