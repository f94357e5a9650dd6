package dev.herald.spi;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A frame whose wire bytes are made whole, once: a ping or a close. */
abstract class FixedFrame {
  private final byte[] wire;

  FixedFrame(byte[] wire) {
    this.wire = wire;
  }

  /** See {@link Frame#size()}. */
  public int size() {
    return wire.length;
  }

  /** See {@link Frame#copyTo}. */
  public int copyTo(int offset, ByteBuffer destination) {
    Objects.checkIndex(offset, wire.length + 1);
    int n = Math.min(wire.length - offset, destination.remaining());
    destination.put(wire, offset, n);
    return n;
  }

  /** See {@link Frame#writeTo}. */
  public void writeTo(Frame.Sink sink) {
    sink.write(wire, 0, wire.length);
  }
}
