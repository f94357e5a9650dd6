package dev.herald;

import dev.herald.spi.Codec;
import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Payload;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message on its way to any number of connections: encoded on first need, then framed once per
 * framer, so every target gets the same frame. Used by one thread, for one send or broadcast.
 */
final class Outgoing<T> {
  private final @Nullable T message;
  private final @Nullable Codec<T> codec;
  private @Nullable Payload payload;
  private @Nullable Framer framer;
  private @Nullable Frame frame;
  private @Nullable Map<Framer, Frame> otherFrames;

  Outgoing(T message, Codec<T> codec) {
    this.message = message;
    this.codec = codec;
  }

  Outgoing(Payload payload) {
    this.message = null;
    this.codec = null;
    this.payload = payload;
  }

  Payload payload() {
    Payload result = payload;
    if (result == null) {
      result = codec.encode(message);
      payload = result;
    }
    return result;
  }

  Frame frameFor(Framer target) {
    if (framer == null) {
      framer = target;
      frame = target.frame(payload());
      return frame;
    }
    if (framer == target) {
      return frame;
    }
    // A node serving two transports at once: rare, so a map only then.
    if (otherFrames == null) {
      otherFrames = new IdentityHashMap<>();
    }
    return otherFrames.computeIfAbsent(target, f -> f.frame(payload()));
  }
}
