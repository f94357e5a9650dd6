package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Frame;
import dev.herald.spi.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message on its way to any number of connections: encoded once per codec in use, on first
 * need, and framed once per codec, so every target of one protocol gets the same frame, on every
 * transport. Used by one thread, for one send or broadcast.
 */
final class Outgoing<T> {
  private final @Nullable T message;
  private final List<Codec<T>> codecs;
  private final @Nullable Payload[] payloads;
  private final Frame.@Nullable Message[] frames;

  /** A message to encode with {@code codecs}, indexed as the manager's protocols. */
  Outgoing(T message, List<Codec<T>> codecs) {
    this.message = message;
    this.codecs = codecs;
    this.payloads = new Payload[codecs.size()];
    this.frames = new Frame.Message[codecs.size()];
  }

  /** A message another node already encoded, one payload per protocol. */
  Outgoing(List<Payload> encoded) {
    this.message = null;
    this.codecs = List.of();
    this.payloads = encoded.toArray(new Payload[0]);
    this.frames = new Frame.Message[payloads.length];
  }

  /** Returns the frame for connections of codec {@code codec}, framed on first need. */
  Frame.Message frame(int codec) {
    Frame.Message frame = frames[codec];
    if (frame == null) {
      frame = Frame.of(payload(codec));
      frames[codec] = frame;
    }
    return frame;
  }

  /** Returns the message encoded for every protocol, as an envelope carries it to other nodes. */
  List<Payload> allPayloads() {
    List<Payload> all = new ArrayList<>(payloads.length);
    for (int codec = 0; codec < payloads.length; codec++) {
      all.add(payload(codec));
    }
    return all;
  }

  private Payload payload(int codec) {
    Payload result = payloads[codec];
    if (result == null) {
      // Only a message made here lacks payloads; one from another node has them all.
      result = codecs.get(codec).encode(Objects.requireNonNull(message, "message"));
      payloads[codec] = result;
    }
    return result;
  }
}
