package dev.herald.transport.javawebsocket;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Transport;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/** Sends to one Java-WebSocket connection. Its calls only queue work for the server's selector. */
final class JavaWebSocketTransport implements Transport {
  private final WebSocket socket;
  private final Framer framer;

  JavaWebSocketTransport(WebSocket socket, Framer framer) {
    this.socket = socket;
    this.framer = framer;
  }

  @Override
  public Framer framer() {
    return framer;
  }

  @Override
  public boolean send(Frame frame) {
    if (!socket.isOpen()) {
      return false;
    }
    try {
      socket.sendFrame((PreparedFrame) frame);
      return true;
    } catch (WebsocketNotConnectedException e) {
      // Closed between the check and the send.
      return false;
    }
  }

  @Override
  public void ping() {
    if (socket.isOpen()) {
      try {
        socket.sendPing();
      } catch (WebsocketNotConnectedException e) {
        // Closed meanwhile: nothing to keep alive.
      }
    }
  }

  @Override
  public void close(int code, String reason) {
    socket.close(code, reason);
  }

  @Override
  public void abort() {
    ((WebSocketImpl) socket).closeConnection(CloseFrame.ABNORMAL_CLOSE, "aborted by server");
  }

  @Override
  public long bufferedBytes() {
    long total = 0;
    for (ByteBuffer buffer : ((WebSocketImpl) socket).outQueue) {
      total += buffer.remaining();
    }
    return total;
  }
}
