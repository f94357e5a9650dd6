package dev.herald.bench.targets;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * Serves the benchmark protocol on plain Java-WebSocket 1.6.0, without Herald: the stock path,
 * {@code WebSocket.send} for echo and {@code WebSocketServer.broadcast} for broadcast. It is
 * configured like Herald's adapter configures its server where that changes the figures and not the
 * work per message: an accept backlog of 4096 (the JDK's 50 refuses clients when thousands connect
 * at once) and TCP_NODELAY. Its connection-lost timeout stays at the stock 60 s.
 *
 * <p>This class is thread-safe.
 */
final class RawJavaWebSocketTarget extends TargetServer {
  private final Server server;
  private final int port;

  private RawJavaWebSocketTarget(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  static RawJavaWebSocketTarget start(InetSocketAddress address) {
    Server server = new Server(address);
    server.setMaxPendingConnections(4096);
    server.setTcpNoDelay(true);
    server.setReuseAddr(true);
    server.start();
    try {
      if (!server.started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("raw Java-WebSocket target did not start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
    return new RawJavaWebSocketTarget(server, server.getPort());
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int connections() {
    return server.getConnections().size();
  }

  @Override
  public void close() {
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the server keeps per connection. */
  private record Peer(String clientId, Convention convention, @Nullable String room) {}

  private static final class Server extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);
    private final Map<String, Set<WebSocket>> rooms = new ConcurrentHashMap<>();

    Server(InetSocketAddress address) {
      super(address);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      String target = handshake.getResourceDescriptor();
      String clientId = Convention.clientId(target);
      if (clientId == null) {
        conn.close(1008, "no WebSocket endpoint at " + target);
        return;
      }
      String room = Convention.room(target);
      conn.setAttachment(new Peer(clientId, Convention.of(clientId), room));
      if (room != null) {
        rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(conn);
      }
      conn.send("Connected as client " + clientId);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      Peer peer = conn.getAttachment();
      if (peer == null) {
        return;
      }
      if (peer.convention() != Convention.PUBLISHER) {
        conn.send("Echo: " + message);
        if (peer.convention() == Convention.ECHO_ONLY) {
          return;
        }
      }
      String said = "Client " + peer.clientId() + " says: " + message;
      String room = peer.room();
      Set<WebSocket> members = room == null ? null : rooms.get(room);
      if (members != null) {
        List<WebSocket> others = new ArrayList<>(members.size());
        for (WebSocket member : members) {
          if (member != conn) {
            others.add(member);
          }
        }
        broadcast(said, others);
      } else {
        List<WebSocket> others = new ArrayList<>(getConnections());
        others.remove(conn);
        broadcast(said, others);
      }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      Peer peer = conn.getAttachment();
      if (peer != null && peer.room() != null) {
        Set<WebSocket> members = rooms.get(peer.room());
        if (members != null) {
          members.remove(conn);
        }
      }
    }

    @Override
    public void onError(@Nullable WebSocket conn, Exception ex) {
      if (conn == null) {
        started.countDown();
      }
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
