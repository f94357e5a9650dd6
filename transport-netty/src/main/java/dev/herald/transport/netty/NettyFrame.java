package dev.herald.transport.netty;

import dev.herald.spi.Frame;
import io.netty.buffer.ByteBuf;

/**
 * A message framed once, as the complete wire bytes of an unmasked server frame. Each connection
 * writes a retained duplicate of the same buffer, so a broadcast copies and encodes nothing per
 * target.
 *
 * <p>The buffer is an unpooled heap buffer around an array, and this frame's own reference is never
 * released: its count never reaches zero while a write is in flight, whoever still holds the frame,
 * and the garbage collector reclaims the array once the frame and every duplicate are gone. A
 * pooled buffer would need an owner to release it after the last target, which a broadcast cannot
 * know.
 */
final class NettyFrame implements Frame {
  private final ByteBuf wire;

  NettyFrame(ByteBuf wire) {
    this.wire = wire;
  }

  /** Returns a view of the wire bytes for one write; the write releases it. */
  ByteBuf retainedWire() {
    return wire.retainedDuplicate();
  }

  /** Returns the reference count of the shared buffer: 1 when no write holds it. */
  int refCnt() {
    return wire.refCnt();
  }

  @Override
  public int size() {
    return wire.readableBytes();
  }

  @Override
  public String toString() {
    return "NettyFrame[" + size() + " bytes]";
  }
}
