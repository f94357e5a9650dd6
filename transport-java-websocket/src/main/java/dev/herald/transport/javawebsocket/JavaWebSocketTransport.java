package dev.herald.transport.javawebsocket;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/** Sends to one Java-WebSocket connection. Its calls only queue work for the server's selector. */
final class JavaWebSocketTransport implements Transport {
  /** A ping without payload, as Java-WebSocket sends it: two header bytes. */
  private static final int PING_SIZE = 2;

  private final WebSocketImpl socket;
  private final Framer framer;
  private final MeteredChannel channel;

  JavaWebSocketTransport(WebSocketImpl socket, Framer framer, MeteredChannel channel) {
    this.socket = socket;
    this.framer = framer;
    this.channel = channel;
    // The handshake response may still be queued: count it, or it would later show as negative.
    long queued = 0;
    for (ByteBuffer buffer : socket.outQueue) {
      queued += buffer.remaining();
    }
    channel.handed(queued);
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
      channel.handed(frame.size());
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
        channel.handed(PING_SIZE);
        socket.sendPing();
      } catch (WebsocketNotConnectedException e) {
        // Closed meanwhile: nothing to keep alive.
      }
    }
  }

  @Override
  public void close(int code, String reason) {
    channel.handed(4 + reason.getBytes(StandardCharsets.UTF_8).length);
    socket.close(code, reason);
  }

  @Override
  public void abort() {
    socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "aborted by server");
  }

  @Override
  public long bufferedBytes() {
    return channel.buffered();
  }
}
