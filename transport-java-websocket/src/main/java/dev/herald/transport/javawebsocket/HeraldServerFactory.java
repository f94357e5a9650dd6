package dev.herald.transport.javawebsocket;

import dev.herald.spi.Connector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * Makes the connections of one Java-WebSocket server Herald's: each reports to a {@link
 * RoutingListener} and speaks the bridge's drafts, whatever the server was built with, and each
 * socket channel another factory makes (plain or TLS) is wrapped in a {@link StreamChannel} written
 * through the server's {@link SelectorPump}, reading its handshake through a {@link HandshakeGuard}
 * and timed by the server's {@link HandshakeTimeouts}.
 *
 * <p>This class is thread-safe. Channels are wrapped on the selector thread, which also makes the
 * pump on the first one.
 */
final class HeraldServerFactory implements WebSocketServerFactory {
  /** The buffer the selector thread gathers frames in: enough for a socket's send buffer. */
  private static final int SCRATCH_BYTES = 64 * 1024;

  private final WebSocketServerFactory sockets;
  private final JavaWebSocketBridge bridge;
  private final List<Draft> drafts;
  private final int sendBufferSize;
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
  private final Connector connector;
  private final HandshakeTimeouts timeouts;
  private volatile @Nullable RoutingListener listener;
  private volatile @Nullable SelectorPump pump;

  /**
   * @param sendBufferSize SO_SNDBUF for each accepted socket; 0 leaves the operating system's
   *     autotuning on
   */
  HeraldServerFactory(
      WebSocketServerFactory sockets,
      JavaWebSocketBridge bridge,
      List<Draft> drafts,
      int sendBufferSize) {
    this.sockets = sockets;
    this.bridge = bridge;
    this.drafts = drafts;
    this.sendBufferSize = sendBufferSize;
    this.connector = bridge.connector();
    this.timeouts = new HandshakeTimeouts(connector.handshakePolicy().timeout());
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter server, Draft draft) {
    return createWebSocket(server, List.of(draft));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter server, List<Draft> ignored) {
    // A server factory serves a server alone; its read buffers are the ones to make more of.
    WebSocketServer owner = (WebSocketServer) server;
    return new HeraldConnection(listener(server), drafts, owner::createBuffer);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    if (sendBufferSize > 0) {
      channel.socket().setSendBufferSize(sendBufferSize);
    }
    WebSocketImpl connection = (WebSocketImpl) key.attachment();
    SelectorPump running = pump;
    if (running == null) {
      running =
          SelectorPump.register(key.selector(), connection.getWebSocketListener(), timeouts::sweep);
      pump = running;
      timeouts.start(running);
    }
    StreamChannel wrapped =
        new StreamChannel(
            sockets.wrapChannel(channel, key),
            channel,
            connection,
            running,
            scratch,
            connector,
            new HandshakeGuard(connector.handshakePolicy()));
    timeouts.add(wrapped);
    return wrapped;
  }

  @Override
  public void close() {
    timeouts.close();
    sockets.close();
    SelectorPump running = pump;
    if (running != null) {
      running.close();
    }
  }

  private WebSocketListener listener(WebSocketAdapter server) {
    RoutingListener made = listener;
    if (made == null) {
      made = new RoutingListener(server, bridge);
      listener = made;
    }
    return made;
  }
}
