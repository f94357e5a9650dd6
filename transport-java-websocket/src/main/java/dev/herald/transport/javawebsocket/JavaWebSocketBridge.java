package dev.herald.transport.javawebsocket;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.spi.Connector;
import dev.herald.spi.Inbound;
import dev.herald.spi.Payload;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketFactory;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs a {@code ConnectionManager} into a Java-WebSocket server the application already has: pass
 * {@link #drafts()} to the server's constructor, call {@link #configure} once, and forward the
 * server's callbacks to the methods of the same name here. {@link HeraldWebSocketServer} does all of
 * that for a new server.
 *
 * <pre>{@code
 * class MyServer extends WebSocketServer {
 *   final JavaWebSocketBridge bridge;
 *   MyServer(InetSocketAddress address, JavaWebSocketBridge bridge) {
 *     super(address, bridge.drafts());
 *     this.bridge = bridge;
 *     bridge.configure(this);
 *   }
 *   public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
 *       WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
 *     return bridge.onHandshake(conn, draft, request);
 *   }
 *   public void onOpen(WebSocket conn, ClientHandshake handshake) { bridge.onOpen(conn); }
 *   public void onMessage(WebSocket conn, String message) { bridge.onMessage(conn, message); }
 *   public void onMessage(WebSocket conn, ByteBuffer message) { bridge.onMessage(conn, message); }
 *   public void onWebsocketPong(WebSocket conn, Framedata f) { bridge.onPong(conn); }
 *   public void onClose(WebSocket conn, int code, String reason, boolean remote) {
 *     bridge.onClose(conn, code, reason, remote);
 *   }
 *   public void onError(WebSocket conn, Exception ex) { bridge.onError(conn, ex); }
 *   public void onStart() {}
 * }
 * }</pre>
 *
 * <p>This class is thread-safe. Its methods never throw {@code WebsocketNotConnectedException}.
 */
public final class JavaWebSocketBridge {
  /**
   * The accept backlog the bridge gives a server: with the JDK's default of 50, 2-3% of 10,000
   * clients connecting at once were refused.
   */
  public static final int PENDING_CONNECTIONS = 4096;

  private static final Logger log = LoggerFactory.getLogger(JavaWebSocketBridge.class);

  private final Connector connector;
  private final JavaWebSocketFramer framer = new JavaWebSocketFramer();

  private JavaWebSocketBridge(Connector connector) {
    this.connector = connector;
  }

  /** Returns a bridge that hands connections to {@code connector}, usually a manager's. */
  public static JavaWebSocketBridge of(Connector connector) {
    return new JavaWebSocketBridge(connector);
  }

  /**
   * Returns the drafts to pass to the server's constructor: RFC 6455 with shared frames, the
   * manager's subprotocols, and a frame size limit of the manager's largest inbound message, so
   * that a larger frame closes the connection with 1009 before it is allocated.
   */
  public List<Draft> drafts() {
    List<IProtocol> protocols = new ArrayList<>();
    for (String name : connector.subprotocols()) {
      protocols.add(new Protocol(name));
    }
    // The empty protocol accepts a client that offers none, or none of the above.
    protocols.add(new Protocol(""));
    return List.of(new SharedFrameDraft(List.of(), protocols, connector.maxMessageSize()));
  }

  /**
   * Configures {@code server} for Herald: turns its own connection-lost timer off (Herald runs the
   * heartbeat), raises its accept backlog to {@link #PENDING_CONNECTIONS}, sets TCP_NODELAY, and
   * makes its channels measure what each connection still has to write. Call before {@code
   * start()}. A server with TLS must have been given its factory through {@link #metered} first.
   *
   * @throws IllegalStateException if the server has a factory of its own that is not metered
   */
  public void configure(WebSocketServer server) {
    WebSocketFactory factory = server.getWebSocketFactory();
    if (factory instanceof DefaultWebSocketServerFactory plain) {
      server.setWebSocketFactory(new MeteredServerFactory(plain, 0));
    } else if (!(factory instanceof MeteredServerFactory)) {
      // Replacing a factory closes it (a TLS factory's executor with it), so it cannot be wrapped
      // after the fact.
      throw new IllegalStateException(
          "set the server's factory as setWebSocketFactory(bridge.metered(factory))");
    }
    server.setConnectionLostTimeout(0);
    server.setMaxPendingConnections(PENDING_CONNECTIONS);
    server.setTcpNoDelay(true);
    server.setReuseAddr(true);
  }

  /**
   * Returns {@code factory}, for example a TLS one, wrapped so that its channels measure what each
   * connection still has to write. Give the result to the server's {@code setWebSocketFactory}.
   */
  public WebSocketServerFactory metered(WebSocketServerFactory factory) {
    return new MeteredServerFactory(factory, 0);
  }

  /**
   * Admits or refuses a handshake. Java-WebSocket can refuse a handshake only with HTTP 404, and
   * browsers do not show a refused handshake's status to scripts anyway; so a refusal with 404
   * gets HTTP 404, and any other status (401, 403, 429, 503) completes the upgrade and closes at
   * once with close code 4000 + the status (4401, 4403, 4429, 4503) and the reason, which every
   * client can read. A refused connection never reaches the manager's listener.
   *
   * @throws InvalidDataException to make Java-WebSocket answer HTTP 404
   */
  public ServerHandshakeBuilder onHandshake(WebSocket conn, Draft draft, ClientHandshake request)
      throws InvalidDataException {
    if (!(draft instanceof SharedFrameDraft)) {
      throw new IllegalStateException("the server was not built with JavaWebSocketBridge.drafts()");
    }
    if (!(((WebSocketImpl) conn).getChannel() instanceof MeteredChannel)) {
      throw new IllegalStateException("JavaWebSocketBridge.configure(server) was not called");
    }
    Handshake handshake;
    try {
      handshake = handshakeOf(conn, request);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, e.getMessage());
    }
    Admission admission = connector.admit(handshake);
    if (admission instanceof Admission.Rejected rejected) {
      if (rejected.status() == 404) {
        throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, rejected.reason());
      }
      conn.setAttachment(rejected);
    } else {
      conn.setAttachment(new Pending(handshake, (Admission.Accepted) admission));
    }
    return new HandshakeImpl1Server();
  }

  /** Registers a connection whose handshake {@link #onHandshake} accepted. */
  public void onOpen(WebSocket conn) {
    Object attachment = conn.getAttachment();
    if (attachment instanceof Pending pending) {
      WebSocketImpl socket = (WebSocketImpl) conn;
      MeteredChannel channel = (MeteredChannel) socket.getChannel();
      String subprotocol = conn.getProtocol() == null ? "" : conn.getProtocol().getProvidedProtocol();
      Inbound inbound =
          connector.open(
              new JavaWebSocketTransport(socket, framer, channel),
              pending.handshake,
              pending.admission,
              subprotocol.isEmpty() ? null : subprotocol);
      conn.setAttachment(inbound);
      channel.onDrained(inbound::onWritable);
    } else if (attachment instanceof Admission.Rejected rejected) {
      conn.close(4000 + rejected.status(), rejected.reason());
    } else {
      log.warn("Connection {} opened without an admitted handshake: closing it", conn);
      conn.close(CloseFrame.POLICY_VALIDATION, "not admitted");
    }
  }

  /** Hands over a text message. */
  public void onMessage(WebSocket conn, String message) {
    Inbound inbound = inbound(conn);
    if (inbound != null) {
      inbound.onMessage(Payload.text(message));
    }
  }

  /** Hands over a binary message. */
  public void onMessage(WebSocket conn, ByteBuffer message) {
    Inbound inbound = inbound(conn);
    if (inbound != null) {
      inbound.onMessage(binary(message));
    }
  }

  /** Reports a pong. */
  public void onPong(WebSocket conn) {
    Inbound inbound = inbound(conn);
    if (inbound != null) {
      inbound.onPong();
    }
  }

  /** Reports the end of a connection. */
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    Inbound inbound = inbound(conn);
    if (inbound != null) {
      inbound.onClose(code, reason, remote);
    }
  }

  /** Reports an error; {@code conn} is null for an error of the server itself. */
  public void onError(@Nullable WebSocket conn, Exception error) {
    Inbound inbound = conn == null ? null : inbound(conn);
    if (inbound != null) {
      inbound.onError(error);
    } else {
      log.warn("Java-WebSocket server error", error);
    }
  }

  private static @Nullable Inbound inbound(WebSocket conn) {
    return conn.getAttachment() instanceof Inbound inbound ? inbound : null;
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
  private record Pending(Handshake handshake, Admission.Accepted admission) {}
}
