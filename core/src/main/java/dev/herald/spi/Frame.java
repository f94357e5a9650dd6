package dev.herald.spi;

/**
 * Holds one message already framed for the wire by a {@link Framer}, ready to be sent to any number
 * of connections of that framer's transports.
 *
 * <p>Implementations must be immutable: one frame is sent to many connections, from many threads.
 */
public interface Frame {

  /** Returns the number of bytes this frame puts on the wire, header included. */
  int size();
}
