package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Payload;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message on its way to any number of connections: encoded on first need once per codec in use,
 * then framed once per codec and framer, so every target of one protocol and transport gets the
 * same frame. Used by one thread, for one send or broadcast.
 */
final class Outgoing<T> {
  private final @Nullable T message;
  private final List<Codec<T>> codecs;
  private final @Nullable Payload[] payloads;
  private @Nullable Framer framer;
  private int framerCodec = -1;
  private @Nullable Frame frame;
  private @Nullable Map<FrameKey, Frame> otherFrames;

  private record FrameKey(int codec, Framer framer) {}

  /** A message to encode with {@code codecs}, indexed as the manager's protocols. */
  Outgoing(T message, List<Codec<T>> codecs) {
    this.message = message;
    this.codecs = codecs;
    this.payloads = new Payload[codecs.size()];
  }

  /** A message another node already encoded, one payload per protocol. */
  Outgoing(List<Payload> encoded) {
    this.message = null;
    this.codecs = List.of();
    this.payloads = encoded.toArray(new Payload[0]);
  }

  Payload payload(int codec) {
    Payload result = payloads[codec];
    if (result == null) {
      result = codecs.get(codec).encode(message);
      payloads[codec] = result;
    }
    return result;
  }

  /** Returns the message encoded for every protocol, as an envelope carries it to other nodes. */
  List<Payload> allPayloads() {
    for (int codec = 0; codec < payloads.length; codec++) {
      payload(codec);
    }
    return Arrays.asList(payloads);
  }

  Frame frameFor(int codec, Framer target) {
    if (framer == null) {
      framer = target;
      framerCodec = codec;
      frame = target.frame(payload(codec));
      return frame;
    }
    if (framer == target && framerCodec == codec) {
      return frame;
    }
    // Two protocols or two transports on one node: rarer, so a map only then.
    if (otherFrames == null) {
      otherFrames = new HashMap<>();
    }
    return otherFrames.computeIfAbsent(new FrameKey(codec, target), key -> target.frame(payload(codec)));
  }
}
