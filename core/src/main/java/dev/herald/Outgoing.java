package dev.herald;

import dev.herald.spi.ClientProtocol;
import dev.herald.spi.Frame;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ServerFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message on its way to any number of connections: encoded once per codec in use, on first
 * need, and framed once per protocol, so every target of one protocol gets the same frame, on every
 * transport. A Herald client protocol wraps the payload as a publication of the message's topic, or
 * as a message outside topics. Used by one thread, for one send or broadcast.
 */
final class Outgoing<T> {
  private final @Nullable T message;
  private final Protocols<T> protocols;
  private final @Nullable String topic;
  private final @Nullable Position position;
  private final @Nullable Payload[] payloads;
  private final Frame.@Nullable Message[] frames;

  /** A message to encode, for connections outside any topic. */
  Outgoing(T message, Protocols<T> protocols) {
    this(message, protocols, null);
  }

  /** A message to encode, published to {@code topic} if not null. */
  Outgoing(T message, Protocols<T> protocols, @Nullable String topic) {
    this.message = message;
    this.protocols = protocols;
    this.topic = topic;
    this.position = null;
    this.payloads = new Payload[protocols.size()];
    this.frames = new Frame.Message[protocols.size()];
  }

  /**
   * A message another node, or a history, already encoded, by protocol name. A protocol the other
   * node lacks has no payload here.
   */
  Outgoing(
      Map<String, Payload> encoded,
      Protocols<T> protocols,
      @Nullable String topic,
      @Nullable Position position) {
    this.message = null;
    this.protocols = protocols;
    this.topic = topic;
    this.position = position;
    this.payloads = new Payload[protocols.size()];
    for (int codec = 0; codec < payloads.length; codec++) {
      payloads[codec] = encoded.get(protocols.name(codec));
    }
    this.frames = new Frame.Message[payloads.length];
  }

  /** Returns whether connections of protocol {@code codec} can get this message. */
  boolean covers(int codec) {
    return message != null || payloads[codec] != null;
  }

  /** Returns the frame for connections of protocol {@code codec}, framed on first need. */
  Frame.Message frame(int codec) {
    Frame.Message frame = frames[codec];
    if (frame == null) {
      ClientProtocol framing = protocols.framing(codec);
      Payload payload = payload(codec);
      frame =
          Frame.of(
              framing == null
                  ? payload
                  : framing.encode(
                      topic == null
                          ? new ServerFrame.Message(payload)
                          : new ServerFrame.Publication(topic, position, payload)));
      frames[codec] = frame;
    }
    return frame;
  }

  /**
   * Returns the message encoded for every protocol, keyed by protocol name, as an envelope carries
   * it to other nodes.
   */
  Map<String, Payload> allPayloads() {
    Map<String, Payload> all = new LinkedHashMap<>();
    for (int codec = 0; codec < payloads.length; codec++) {
      all.put(protocols.name(codec), payload(codec));
    }
    return all;
  }

  private Payload payload(int codec) {
    Payload result = payloads[codec];
    if (result == null) {
      int same = protocols.sameCodec(codec);
      // Only a message made here is encoded here; senders check covers() for one from elsewhere.
      result =
          same != codec
              ? payload(same)
              : protocols.codec(codec).encode(Objects.requireNonNull(message, "message"));
      payloads[codec] = result;
    }
    return result;
  }
}
