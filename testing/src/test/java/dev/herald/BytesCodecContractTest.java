package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.util.List;

class BytesCodecContractTest extends CodecContract<byte[]> {

  @Override
  protected Codec<byte[]> codec() {
    return Codec.bytes();
  }

  @Override
  protected List<byte[]> samples() {
    return List.of(new byte[0], new byte[] {0}, new byte[] {1, 2, 3, (byte) 0xFF}, new byte[4096]);
  }

  @Override
  protected Class<? extends Payload> frameType() {
    return Payload.Binary.class;
  }

  @Override
  protected boolean emptyFrameIsAMessage() {
    return true;
  }
}
