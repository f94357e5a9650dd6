package dev.herald.transport.javawebsocket;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.spi.Connector;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketFactory;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every connection of a Java-WebSocket server the application already has to a {@code
 * ConnectionManager}. One call before the server starts does it all:
 *
 * <pre>{@code
 * WebSocketServer server = new MyServer(new InetSocketAddress(8000));
 * JavaWebSocketBridge.of(manager.connector()).configure(server);
 * server.start();
 * }</pre>
 *
 * <p>From then on the server's connections report to Herald directly: handshakes go through the
 * manager's admission, messages and pongs reach the manager without the server's {@code onMessage},
 * and what the manager sends is written by the server's selector thread. The server's own {@code
 * onOpen}, {@code onClose} and {@code onError} are still called, after Herald's, for applications
 * that watch them; none of the server's callbacks needs to forward anything. {@link
 * HeraldWebSocketServer} does the same for a new server.
 *
 * <p>This class is thread-safe.
 */
public final class JavaWebSocketBridge {
  /**
   * The accept backlog the bridge gives a server: with the JDK's default of 50, 2-3% of 10,000
   * clients connecting at once were refused.
   */
  static final int PENDING_CONNECTIONS = 4096;

  private static final Logger log = LoggerFactory.getLogger(JavaWebSocketBridge.class);

  private final Connector connector;

  private JavaWebSocketBridge(Connector connector) {
    this.connector = connector;
  }

  /** Returns a bridge that hands connections to {@code connector}, usually a manager's. */
  public static JavaWebSocketBridge of(Connector connector) {
    return new JavaWebSocketBridge(Objects.requireNonNull(connector, "connector"));
  }

  /**
   * Makes every connection of {@code server} Herald's, and configures the server for it: turns its
   * own connection-lost timer off (Herald runs the heartbeat), raises its accept backlog to 4,096,
   * and sets TCP_NODELAY. Call once, before {@code start()}. A server with TLS must have been given
   * its factory through {@link #wrap} first.
   *
   * @throws IllegalStateException if the server has a factory of its own that {@link #wrap} did not
   *     wrap
   */
  public void configure(WebSocketServer server) {
    WebSocketFactory factory = server.getWebSocketFactory();
    if (factory instanceof DefaultWebSocketServerFactory plain) {
      server.setWebSocketFactory(factory(plain, 0));
    } else if (!(factory instanceof HeraldServerFactory)) {
      // Replacing a factory closes it (a TLS factory's executor with it), so it cannot be wrapped
      // after the fact.
      throw new IllegalStateException(
          "set the server's factory as setWebSocketFactory(bridge.wrap(factory)) first");
    }
    server.setConnectionLostTimeout(0);
    server.setMaxPendingConnections(PENDING_CONNECTIONS);
    server.setTcpNoDelay(true);
    server.setReuseAddr(true);
  }

  /**
   * Returns {@code factory}, for example a TLS one, wrapped so that its connections are Herald's.
   * Give the result to the server's {@code setWebSocketFactory}, then call {@link #configure}.
   */
  public WebSocketServerFactory wrap(WebSocketServerFactory factory) {
    return factory(Objects.requireNonNull(factory, "factory"), 0);
  }

  Connector connector() {
    return connector;
  }

  WebSocketServerFactory factory(WebSocketServerFactory sockets, int sendBufferSize) {
    List<IProtocol> protocols = new ArrayList<>();
    for (String name : connector.subprotocols()) {
      protocols.add(new Protocol(name));
    }
    // The empty protocol accepts a client that offers none, or none of the above.
    protocols.add(new Protocol(""));
    // No extension: permessage-deflate would need a frame per connection, not one per broadcast.
    // Frames are read as they arrive, and a message over the limit closes with 1009 before any of
    // it is held.
    List<Draft> drafts = List.of(new HeraldDraft(protocols, connector.maxMessageSize()));
    return new HeraldServerFactory(sockets, this, drafts, sendBufferSize);
  }

  /**
   * Admits or refuses a handshake. Java-WebSocket can refuse a handshake only with HTTP 404, and
   * browsers do not show a refused handshake's status to scripts anyway; so a refusal with 404 gets
   * HTTP 404, and any other status (401, 403, 429, 503) completes the upgrade and closes at once
   * with close code 4000 + the status (4401, 4403, 4429, 4503) and the reason, which every client
   * can read.
   */
  ServerHandshakeBuilder onHandshake(
      @Nullable StreamChannel channel, WebSocket conn, ClientHandshake request)
      throws InvalidDataException {
    if (channel == null) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "not a Herald connection");
    }
    Handshake handshake;
    try {
      handshake = handshakeOf(conn, request);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "malformed request target");
    }
    Admission admission = connector.admit(handshake);
    if (admission instanceof Admission.Rejected rejected && rejected.status() == 404) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, rejected.reason());
    }
    channel.admission(
        admission instanceof Admission.Accepted ? new Pending(handshake, admission) : admission);
    return new HandshakeImpl1Server();
  }

  void onOpen(@Nullable StreamChannel channel, WebSocket conn) {
    Object decided = channel == null ? null : channel.admission();
    if (channel != null && decided instanceof Pending pending) {
      String subprotocol =
          conn.getProtocol() == null ? "" : conn.getProtocol().getProvidedProtocol();
      connector.open(
          pending.handshake(),
          (Admission.Accepted) pending.admission(),
          subprotocol.isEmpty() ? null : subprotocol,
          channel::attach);
    } else if (decided instanceof Admission.Rejected rejected) {
      conn.close(4000 + rejected.status(), rejected.reason());
    } else {
      log.warn("Connection {} opened without an admitted handshake: closing it", conn);
      conn.close(CloseFrame.POLICY_VALIDATION, "not admitted");
    }
  }

  void onMessage(@Nullable StreamChannel channel, String message) {
    Link link = link(channel);
    if (link != null) {
      link.onMessage(Payload.text(message));
    }
  }

  void onMessage(@Nullable StreamChannel channel, ByteBuffer message) {
    Link link = link(channel);
    if (link != null) {
      link.onMessage(binary(message));
    }
  }

  void onPong(@Nullable StreamChannel channel) {
    Link link = link(channel);
    if (link != null) {
      link.onPong();
    }
  }

  void onClose(@Nullable StreamChannel channel, int code, String reason, boolean remote) {
    Link link = link(channel);
    if (link != null) {
      // Java-WebSocket ends a connection whose socket failed (a reset by the peer, say) with 1006
      // as if this side closed it. A close that Herald started keeps its own status, so a 1006
      // here is the connection lost: the peer's doing, as on the other transports.
      link.onClose(code, reason, remote || code == CloseFrame.ABNORMAL_CLOSE);
    }
  }

  void onError(@Nullable StreamChannel channel, Exception error) {
    Link link = link(channel);
    if (link != null) {
      link.onError(error);
    } else {
      log.debug("Error on a connection that is not open", error);
    }
  }

  private static @Nullable Link link(@Nullable StreamChannel channel) {
    return channel == null ? null : channel.link();
  }

  private static Payload binary(ByteBuffer message) {
    // Java-WebSocket allocates a fresh buffer per message: take it over when it is exactly the
    // message, instead of copying.
    if (message.hasArray()
        && message.arrayOffset() == 0
        && message.position() == 0
        && message.remaining() == message.array().length) {
      return Payload.binary(message.array());
    }
    return Payload.copyOf(message);
  }

  private static Handshake handshakeOf(WebSocket conn, ClientHandshake request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Iterator<String> names = request.iterateHttpFields(); names.hasNext(); ) {
      String name = names.next();
      headers.put(name, List.of(request.getFieldValue(name)));
    }
    InetSocketAddress remote = conn.getRemoteSocketAddress();
    return Handshake.of(request.getResourceDescriptor(), headers, remote);
  }

  /** What the handshake decided, kept on the connection until it opens. */
  private record Pending(Handshake handshake, Admission admission) {}
}
