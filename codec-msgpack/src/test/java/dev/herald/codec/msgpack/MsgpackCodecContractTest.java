package dev.herald.codec.msgpack;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.util.List;

class MsgpackCodecContractTest extends CodecContract<ChatMessage> {
  private static final MsgpackCodec<ChatMessage> CODEC = MsgpackCodec.of(ChatMessage.class);

  @Override
  protected Codec<ChatMessage> codec() {
    return CODEC;
  }

  @Override
  protected List<ChatMessage> samples() {
    return List.of(
        new ChatMessage("chat", "alice", "hello", 1_700_000_000_000L, List.of()),
        new ChatMessage("chat", "bob", "Grüße, 世界 😀 \"quoted\"\n", -1, List.of("a", "b")),
        new ChatMessage("", "", "", 0, List.of("")));
  }

  @Override
  protected Class<? extends Payload> frameType() {
    return Payload.Binary.class;
  }

  @Override
  protected List<Payload> malformed() {
    return List.of(
        Payload.binary(new byte[] {(byte) 0xC0}), // nil
        Payload.binary(new byte[] {(byte) 0x85}), // map of 5 entries, none present
        Payload.binary(new byte[] {(byte) 0xC1}), // never used
        Payload.binary(new byte[] {(byte) 0x90, 0x01}), // trailing byte
        Payload.binary(new byte[] {(byte) 0xA1, (byte) 0xFF})); // invalid UTF-8
  }
}
