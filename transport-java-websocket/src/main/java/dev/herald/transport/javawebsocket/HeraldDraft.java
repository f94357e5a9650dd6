package dev.herald.transport.javawebsocket;

import dev.herald.spi.Link;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.IProtocol;

/**
 * Java-WebSocket's RFC 6455 draft, reading frames with a {@link FrameReader} of its own, and
 * closing on a violation through the connection's {@link Link}, which decides the close, counts it
 * under the server's cause and has the close frame written. The handshake, the subprotocols and
 * what goes out are Java-WebSocket's. No extension is offered.
 *
 * <p>Java-WebSocket copies a draft for each connection ({@link #copyInstance()}); each copy reads
 * one connection. Not thread-safe: a connection is decoded on one worker thread.
 */
final class HeraldDraft extends Draft_6455 {
  private final int maxMessageSize;
  private final FrameReader reader;

  HeraldDraft(List<IProtocol> protocols, int maxMessageSize) {
    super(List.of(), protocols, maxMessageSize);
    this.maxMessageSize = maxMessageSize;
    this.reader = new FrameReader(maxMessageSize);
  }

  @Override
  public Draft copyInstance() {
    List<IProtocol> protocols = new ArrayList<>();
    for (IProtocol known : getKnownProtocols()) {
      protocols.add(known.copyInstance());
    }
    return new HeraldDraft(protocols, maxMessageSize);
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) {
    return reader.read(buffer);
  }

  @Override
  public void processFrame(WebSocketImpl connection, Framedata frame) {
    if (frame instanceof FrameReader.Violation violation) {
      fail(connection, violation.code(), violation.reason());
      return;
    }
    try {
      super.processFrame(connection, frame);
    } catch (InvalidDataException e) {
      // Invalid UTF-8 in a text message, the one check left to Java-WebSocket.
      fail(connection, e.getCloseCode(), "invalid UTF-8");
    }
  }

  @Override
  public void reset() {
    super.reset();
    reader.reset();
  }

  private static void fail(WebSocketImpl connection, int code, String reason) {
    Link link = connection.getChannel() instanceof StreamChannel channel ? channel.link() : null;
    if (link != null) {
      link.onProtocolError(code, reason);
    } else {
      // Not open as Herald's (refused, or closing already): Java-WebSocket closes it alone.
      connection.close(code, reason);
    }
  }
}
