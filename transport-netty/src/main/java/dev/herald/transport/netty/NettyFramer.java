package dev.herald.transport.netty;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Payload;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Frames payloads as unmasked, uncompressed RFC 6455 server frames. Holds no state, so one instance
 * serves every Netty connection of the process, and a broadcast frames a message once.
 */
final class NettyFramer implements Framer {
  static final NettyFramer INSTANCE = new NettyFramer();

  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;
  private static final int FIN = 0x80;

  private NettyFramer() {}

  @Override
  public Frame frame(Payload payload) {
    ByteBuffer body = payload.bytes();
    int length = body.remaining();
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] wire = new byte[header + length];
    wire[0] = (byte) (FIN | (payload instanceof Payload.Text ? OPCODE_TEXT : OPCODE_BINARY));
    if (header == 2) {
      wire[1] = (byte) length;
    } else if (header == 4) {
      wire[1] = 126;
      wire[2] = (byte) (length >>> 8);
      wire[3] = (byte) length;
    } else {
      wire[1] = 127;
      // A Java array holds at most 2^31 - 1 bytes: the four high bytes of the length stay zero.
      wire[6] = (byte) (length >>> 24);
      wire[7] = (byte) (length >>> 16);
      wire[8] = (byte) (length >>> 8);
      wire[9] = (byte) length;
    }
    body.get(wire, header, length);
    return new NettyFrame(Unpooled.wrappedBuffer(wire));
  }
}
