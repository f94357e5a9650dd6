package dev.herald.bench.jmh;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Payload;

/**
 * Frames a payload into a frame that only knows its size: what a real framer's one allocation per
 * broadcast costs, without the bytes.
 *
 * <p>This class is thread-safe.
 */
final class NullFramer implements Framer {
  static final NullFramer INSTANCE = new NullFramer();
  /** The header of a server text frame of 126 to 65,535 bytes. */
  private static final int HEADER = 4;

  private NullFramer() {}

  @Override
  public Frame frame(Payload payload) {
    return new SizedFrame(payload.size() + HEADER);
  }

  /** A frame of {@code size} bytes whose bytes nobody sends. */
  private record SizedFrame(int size) implements Frame {}
}
