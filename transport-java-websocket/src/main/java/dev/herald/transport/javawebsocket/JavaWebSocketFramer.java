package dev.herald.transport.javawebsocket;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Payload;
import java.nio.ByteBuffer;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.BinaryFrame;
import org.java_websocket.framing.DataFrame;
import org.java_websocket.framing.TextFrame;

/** Frames payloads as unmasked server frames, with Java-WebSocket's own frame writer. */
final class JavaWebSocketFramer implements Framer {
  // A draft that never did a handshake has no role and no negotiated extension: it writes plain,
  // unmasked, uncompressed frames, and holds no per-connection state, so one serves all threads.
  private final Draft_6455 writer = new Draft_6455();

  @Override
  public Frame frame(Payload payload) {
    DataFrame frame = payload instanceof Payload.Text ? new TextFrame() : new BinaryFrame();
    // A writable copy: Java-WebSocket calls array() on the payload when it logs.
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    frame.setPayload(ByteBuffer.wrap(bytes));
    ByteBuffer wire = writer.createBinaryFrame(frame);
    Opcode opcode = payload instanceof Payload.Text ? Opcode.TEXT : Opcode.BINARY;
    return new PreparedFrame(opcode, wire, wire.remaining() - bytes.length);
  }
}
