package dev.herald.transport.javawebsocket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Hears every event of a server's connections in the server's place: handshakes, messages and pongs
 * go to Herald alone, so that no callback of the application's server has to forward them; opens,
 * closes and errors go to Herald and then to the server, whose own bookkeeping (its set of
 * connections) needs them; a connection's demand to write goes to the {@link SelectorPump}, not to
 * the server's racy {@code onWriteDemand}.
 *
 * <p>This class is thread-safe.
 */
final class RoutingListener implements WebSocketListener {
  private final WebSocketAdapter server;
  private final JavaWebSocketBridge bridge;

  RoutingListener(WebSocketAdapter server, JavaWebSocketBridge bridge) {
    this.server = server;
    this.bridge = bridge;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    return bridge.onHandshake(channel(conn), conn, request);
  }

  @Override
  public void onWebsocketHandshakeReceivedAsClient(
      WebSocket conn, ClientHandshake request, ServerHandshake response)
      throws InvalidDataException {
    server.onWebsocketHandshakeReceivedAsClient(conn, request, response);
  }

  @Override
  public void onWebsocketHandshakeSentAsClient(WebSocket conn, ClientHandshake request)
      throws InvalidDataException {
    server.onWebsocketHandshakeSentAsClient(conn, request);
  }

  @Override
  public void onWebsocketMessage(WebSocket conn, String message) {
    bridge.onMessage(channel(conn), message);
  }

  @Override
  public void onWebsocketMessage(WebSocket conn, ByteBuffer message) {
    bridge.onMessage(channel(conn), message);
  }

  @Override
  public void onWebsocketOpen(WebSocket conn, Handshakedata handshake) {
    bridge.onOpen(channel(conn), conn);
    server.onWebsocketOpen(conn, handshake);
  }

  @Override
  public void onWebsocketClose(WebSocket conn, int code, String reason, boolean remote) {
    bridge.onClose(channel(conn), code, reason, remote);
    server.onWebsocketClose(conn, code, reason, remote);
  }

  @Override
  public void onWebsocketClosing(WebSocket conn, int code, String reason, boolean remote) {
    server.onWebsocketClosing(conn, code, reason, remote);
  }

  @Override
  public void onWebsocketCloseInitiated(WebSocket conn, int code, String reason) {
    server.onWebsocketCloseInitiated(conn, code, reason);
  }

  @Override
  public void onWebsocketError(WebSocket conn, Exception error) {
    bridge.onError(channel(conn), error);
    server.onWebsocketError(conn, error);
  }

  @Override
  public void onWebsocketPing(WebSocket conn, Framedata ping) {
    server.onWebsocketPing(conn, ping);
  }

  @Override
  public PingFrame onPreparePing(WebSocket conn) {
    return server.onPreparePing(conn);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata pong) {
    bridge.onPong(channel(conn));
  }

  @Override
  public void onWriteDemand(WebSocket conn) {
    StreamChannel channel = channel(conn);
    if (channel != null) {
      channel.wake();
    }
  }

  @Override
  public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
    return server.getLocalSocketAddress(conn);
  }

  @Override
  public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
    return server.getRemoteSocketAddress(conn);
  }

  private static @Nullable StreamChannel channel(@Nullable WebSocket conn) {
    return conn instanceof WebSocketImpl impl && impl.getChannel() instanceof StreamChannel channel
        ? channel
        : null;
  }
}
