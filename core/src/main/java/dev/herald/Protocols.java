package dev.herald;

import dev.herald.spi.ClientProtocol;
import dev.herald.spi.Codec;
import dev.herald.spi.Envelope;
import dev.herald.spi.Frame;
import dev.herald.spi.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The protocols a manager serves, by index: the default codec first, then each subprotocol in the
 * order added. A raw protocol sends the codec's payloads as they are; a Herald client protocol
 * wraps them in its frames. Envelopes between nodes carry the codec's payloads, unwrapped, keyed by
 * protocol name, so that each node frames them for its own connections.
 *
 * <p>Instances are immutable.
 */
final class Protocols<T> {
  private final List<Codec<T>> codecs;
  private final List<String> names;
  private final List<String> subprotocols;
  private final List<@Nullable ClientProtocol> framings;
  private final List<Frame.@Nullable Message> pings;

  Protocols(
      Codec<T> defaultCodec,
      List<String> subprotocols,
      List<Codec<T>> codecs,
      List<@Nullable ClientProtocol> framings) {
    List<Codec<T>> all = new ArrayList<>();
    all.add(defaultCodec);
    all.addAll(codecs);
    List<String> allNames = new ArrayList<>();
    allNames.add(Envelope.DEFAULT_PROTOCOL);
    allNames.addAll(subprotocols);
    List<@Nullable ClientProtocol> allFramings = new ArrayList<>();
    allFramings.add(null);
    allFramings.addAll(framings);
    List<Frame.@Nullable Message> allPings = new ArrayList<>();
    for (ClientProtocol framing : allFramings) {
      allPings.add(framing == null ? null : Frame.of(framing.encode(new ServerFrame.Ping())));
    }
    this.codecs = List.copyOf(all);
    this.names = List.copyOf(allNames);
    this.subprotocols = List.copyOf(subprotocols);
    this.framings = java.util.Collections.unmodifiableList(allFramings);
    this.pings = java.util.Collections.unmodifiableList(allPings);
  }

  int size() {
    return codecs.size();
  }

  Codec<T> codec(int index) {
    return codecs.get(index);
  }

  /** Returns the name of protocol {@code index} in envelopes: {@code ""} for the default. */
  String name(int index) {
    return names.get(index);
  }

  List<String> names() {
    return names;
  }

  /** Returns the subprotocols a handshake may ask for, in the order preferred. */
  List<String> subprotocols() {
    return subprotocols;
  }

  /** Returns the index of the protocol a handshake chose; 0 for none. */
  int indexOf(@Nullable String subprotocol) {
    return subprotocol == null ? 0 : subprotocols.indexOf(subprotocol) + 1;
  }

  /** Returns the Herald client protocol of index {@code index}, or null for a raw protocol. */
  @Nullable ClientProtocol framing(int index) {
    return framings.get(index);
  }

  /** Returns the ping frame of the Herald client protocol of {@code index}, or null if raw. */
  Frame.@Nullable Message ping(int index) {
    return pings.get(index);
  }

  /**
   * Returns the index of the first earlier protocol with the same codec, or {@code index}: two
   * protocols that share a codec share its payload too.
   */
  int sameCodec(int index) {
    Codec<T> codec = codecs.get(index);
    for (int i = 0; i < index; i++) {
      if (codecs.get(i) == codec) {
        return i;
      }
    }
    return index;
  }
}
