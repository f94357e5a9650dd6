package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Frame;
import dev.herald.spi.Payload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * A message another node already encoded, by protocol name; {@code protocols} names this node's
   * codecs in order. A protocol the other node lacks has no payload here.
   */
  Outgoing(Map<String, Payload> encoded, List<String> protocols) {
    this.message = null;
    this.codecs = List.of();
    this.payloads = new Payload[protocols.size()];
    for (int codec = 0; codec < payloads.length; codec++) {
      payloads[codec] = encoded.get(protocols.get(codec));
    }
    this.frames = new Frame.Message[payloads.length];
  }

  /** Returns whether connections of codec {@code codec} can get this message. */
  boolean covers(int codec) {
    return message != null || payloads[codec] != null;
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

  /**
   * Returns the message encoded for every protocol, keyed by the names in {@code protocols}, as an
   * envelope carries it to other nodes.
   */
  Map<String, Payload> allPayloads(List<String> protocols) {
    Map<String, Payload> all = new LinkedHashMap<>();
    for (int codec = 0; codec < payloads.length; codec++) {
      all.put(protocols.get(codec), payload(codec));
    }
    return all;
  }

  private Payload payload(int codec) {
    Payload result = payloads[codec];
    if (result == null) {
      // Only a message made here is encoded here; senders check covers() for one from elsewhere.
      result = codecs.get(codec).encode(Objects.requireNonNull(message, "message"));
      payloads[codec] = result;
    }
    return result;
  }
}
