package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.nio.ByteBuffer;
import java.util.List;

class ByteBufferCodecContractTest extends CodecContract<ByteBuffer> {

  @Override
  protected Codec<ByteBuffer> codec() {
    return Codec.byteBuffer();
  }

  @Override
  protected List<ByteBuffer> samples() {
    // The samples are read-only: the contract shares them between threads.
    return List.of(
        ByteBuffer.allocate(0).asReadOnlyBuffer(),
        ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}).asReadOnlyBuffer(),
        ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5}, 1, 3).asReadOnlyBuffer());
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
