package dev.herald.codec.msgpack;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.util.List;
import java.util.Map;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class MsgpackValueCodecContractTest extends CodecContract<Value> {

  @Override
  protected Codec<Value> codec() {
    return MsgpackCodec.value();
  }

  @Override
  protected List<Value> samples() {
    return List.of(
        ValueFactory.newNil(),
        ValueFactory.newInteger(Long.MIN_VALUE),
        ValueFactory.newFloat(2.5),
        ValueFactory.newString("Grüße 😀"),
        ValueFactory.newBinary(new byte[] {0, 1, (byte) 0xFF}),
        ValueFactory.newArray(ValueFactory.newBoolean(true), ValueFactory.newArray()),
        ValueFactory.newMap(
            Map.of(
                ValueFactory.newString("type"), ValueFactory.newString("chat"),
                ValueFactory.newInteger(1), ValueFactory.newExtension((byte) 7, new byte[3]))));
  }

  @Override
  protected Class<? extends Payload> frameType() {
    return Payload.Binary.class;
  }

  @Override
  protected List<Payload> malformed() {
    return List.of(
        Payload.binary(new byte[] {(byte) 0x92, 0x01}), // array of 2, one present
        Payload.binary(new byte[] {(byte) 0xC1}),
        Payload.binary(new byte[] {0x01, 0x02}),
        Payload.binary(new byte[] {(byte) 0xA2, (byte) 0xC3, (byte) 0x28}));
  }
}
