package dev.herald.codec.json;

import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import dev.herald.testing.CodecContract;
import java.nio.charset.StandardCharsets;
import java.util.List;

class JsonCodecContractTest extends CodecContract<ChatMessage> {
  private static final JsonCodec<ChatMessage> CODEC = JsonCodec.of(ChatMessage.class);

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
    return Payload.Text.class;
  }

  @Override
  protected List<Payload> malformed() {
    return List.of(
        Payload.text("{"),
        Payload.text("null"),
        Payload.text("[]"),
        Payload.text("{\"type\":1,\"clientId\":{}}"),
        Payload.text("{\"type\":\"chat\"} {}"),
        Payload.utf8("{\"text\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1)));
  }
}
