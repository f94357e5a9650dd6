package dev.herald.codec.msgpack;

import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.io.IOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/** Encodes msgpack-core {@link Value}s as binary frames with msgpack-core alone; immutable. */
final class ValueCodec implements Codec<Value> {
  static final ValueCodec INSTANCE = new ValueCodec();

  private final MsgpackScanner scanner =
      new MsgpackScanner(MsgpackCodec.MAX_NESTING_DEPTH, MsgpackCodec.MAX_VALUES);

  private ValueCodec() {}

  @Override
  public Payload encode(Value message) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packValue(message);
      return Payload.binary(packer.toByteArray());
    } catch (MessagePackException | IOException e) {
      throw new CodecException("cannot encode " + message.getValueType() + " value: " + e, e);
    }
  }

  @Override
  public Value decode(Payload payload) {
    byte[] bytes = binaryBytes(payload);
    // After the scan, unpackValue's recursion is bounded and every length it allocates is real.
    scanner.check(bytes);
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      return unpacker.unpackValue();
    } catch (MessagePackException | IOException e) {
      throw new CodecException("malformed MessagePack: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "MsgpackCodec.value()";
  }

  /**
   * Returns a copy of the bytes of a binary frame: msgpack's readers take arrays, not the read-only
   * buffers payloads hand out. The copy is as large as the frame, which the inbound limit bounds.
   *
   * @throws CodecException if {@code payload} is a text frame
   */
  static byte[] binaryBytes(Payload payload) {
    if (!(payload instanceof Payload.Binary)) {
      throw new CodecException("expected a MessagePack binary frame, got " + payload);
    }
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return bytes;
  }
}
