package dev.herald.spi;

/**
 * Builds wire frames for one kind of transport. Every {@link Transport} that returns the same
 * framer accepts the frames it builds, so a broadcast frames a message once per framer, not once
 * per connection.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Framer {

  /** Returns {@code payload} framed for the wire. Never blocks. */
  Frame frame(Payload payload);
}
