package dev.herald.spi;

import dev.herald.CodecException;

final class BytesCodec implements Codec<byte[]> {
  static final BytesCodec INSTANCE = new BytesCodec();

  private BytesCodec() {}

  @Override
  public Payload encode(byte[] message) {
    return Payload.binary(message.clone());
  }

  @Override
  public byte[] decode(Payload payload) {
    if (payload instanceof Payload.Binary binary) {
      byte[] bytes = new byte[binary.size()];
      binary.bytes().get(bytes);
      return bytes;
    }
    throw new CodecException("expected a binary frame, got " + payload);
  }
}
