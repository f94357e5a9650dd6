package dev.herald.transport.javawebsocket;

import dev.herald.ConnectionManager;
import dev.herald.HeraldException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A Java-WebSocket server whose connections a {@link ConnectionManager} manages. Start it with
 * {@link #start()}, wait for the port with {@link #awaitStart}, stop it with {@link #shutdown}.
 *
 * <pre>{@code
 * HeraldWebSocketServer server = HeraldWebSocketServer.builder(manager).port(8000).build();
 * server.start();
 * server.awaitStart(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Send through the manager, never through this server's own {@code broadcast} methods, which
 * copy the payload per connection. This class is thread-safe.
 */
public final class HeraldWebSocketServer extends WebSocketServer {
  private final ConnectionManager<?> manager;
  private final JavaWebSocketBridge bridge;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile @Nullable Exception startFailure;

  private HeraldWebSocketServer(Builder builder, JavaWebSocketBridge bridge) {
    super(builder.address, builder.decoders, bridge.drafts());
    this.manager = builder.manager;
    this.bridge = bridge;
    WebSocketServerFactory sockets =
        builder.tls != null
            ? new DefaultSSLWebSocketServerFactory(builder.tls)
            : new DefaultWebSocketServerFactory();
    setWebSocketFactory(new MeteredServerFactory(sockets, builder.sendBufferSize));
    bridge.configure(this);
  }

  /** Returns a builder of a server for {@code manager}. */
  public static Builder builder(ConnectionManager<?> manager) {
    return new Builder(manager);
  }

  /**
   * Waits until the server listens, and returns its port (the one chosen for port 0).
   *
   * @throws HeraldException if the server failed to start or did not start within {@code timeout}
   */
  public int awaitStart(Duration timeout) {
    try {
      boolean done = started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      Exception failure = startFailure;
      if (failure != null) {
        throw new HeraldException("server failed to start on " + getAddress(), failure);
      }
      if (!done) {
        throw new HeraldException("server did not start within " + timeout);
      }
      return getPort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while waiting for the server to start", e);
    }
  }

  /**
   * Drains the manager ({@link ConnectionManager#shutdown}), then stops the server. Blocks for at
   * most {@code grace} plus a second.
   *
   * @return true if every connection ended within {@code grace}
   */
  public boolean shutdown(Duration grace) {
    boolean clean = manager.shutdown(grace);
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return clean;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    return bridge.onHandshake(conn, draft, request);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    bridge.onOpen(conn);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    bridge.onMessage(conn, message);
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    bridge.onMessage(conn, message);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata frame) {
    bridge.onPong(conn);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    bridge.onClose(conn, code, reason, remote);
  }

  @Override
  public void onError(@Nullable WebSocket conn, Exception error) {
    if (conn == null && started.getCount() > 0) {
      startFailure = error;
      started.countDown();
    }
    bridge.onError(conn, error);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  /**
   * Configures and builds a {@link HeraldWebSocketServer}. Each setter checks its argument at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final ConnectionManager<?> manager;
    private InetSocketAddress address = new InetSocketAddress(8000);
    private int decoders = Runtime.getRuntime().availableProcessors();
    private @Nullable SSLContext tls;
    private int sendBufferSize;

    private Builder(ConnectionManager<?> manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** Listens on {@code port} of every interface (0: any free port). Default: 8000. */
    public Builder port(int port) {
      return address(new InetSocketAddress(port));
    }

    /** Listens on {@code address}. Default: port 8000 of every interface. */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the number of worker threads that decode frames and run listeners. Default: one per
     * processor.
     */
    public Builder decoders(int decoders) {
      if (decoders <= 0) {
        throw new IllegalArgumentException("decoders <= 0: " + decoders);
      }
      this.decoders = decoders;
      return this;
    }

    /**
     * Serves {@code wss://} with {@code context}, whose key managers hold the server's certificate.
     * Plain {@code ws://} clients are then refused. Default: plain {@code ws://}.
     */
    public Builder tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Sets each connection's socket send buffer (SO_SNDBUF) to {@code bytes}. By default the
     * operating system sizes it, up to several MiB per connection on Linux, which a peer that stops
     * reading fills before Herald's outbound limit sees anything. A small buffer bounds kernel
     * memory per connection and makes slow readers visible sooner.
     */
    public Builder sendBufferSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("bytes <= 0: " + bytes);
      }
      this.sendBufferSize = bytes;
      return this;
    }

    /** Builds the server; it listens once {@link HeraldWebSocketServer#start()} is called. */
    public HeraldWebSocketServer build() {
      return new HeraldWebSocketServer(this, JavaWebSocketBridge.of(manager.connector()));
    }
  }
}
