package dev.herald.transport.javawebsocket;

import dev.herald.spi.Frame;
import java.nio.ByteBuffer;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;

/**
 * A message framed once, as bytes ready for the wire. {@link SharedFrameDraft} hands each connection
 * a duplicate of the same buffer, so a broadcast copies nothing per target.
 */
final class PreparedFrame implements Frame, Framedata {
  private final Opcode opcode;
  private final ByteBuffer wire;
  private final int headerLength;

  PreparedFrame(Opcode opcode, ByteBuffer wire, int headerLength) {
    this.opcode = opcode;
    this.wire = wire;
    this.headerLength = headerLength;
  }

  /**
   * Returns a private view of the wire bytes for one connection's outgoing queue. Not read-only:
   * Java-WebSocket calls {@code array()} on what it queues, when it logs.
   */
  ByteBuffer wireBytes() {
    return wire.duplicate();
  }

  @Override
  public int size() {
    return wire.remaining();
  }

  @Override
  public boolean isFin() {
    return true;
  }

  @Override
  public boolean isRSV1() {
    return false;
  }

  @Override
  public boolean isRSV2() {
    return false;
  }

  @Override
  public boolean isRSV3() {
    return false;
  }

  @Override
  public boolean getTransfereMasked() {
    return false;
  }

  @Override
  public Opcode getOpcode() {
    return opcode;
  }

  @Override
  public ByteBuffer getPayloadData() {
    return wire.duplicate().position(headerLength).slice();
  }

  @Override
  public void append(Framedata nextFrame) {
    throw new UnsupportedOperationException("a prepared frame is complete");
  }

  @Override
  public String toString() {
    return "PreparedFrame[" + opcode + ", " + size() + " bytes]";
  }
}
