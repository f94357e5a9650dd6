package dev.herald.transport.javawebsocket;

import dev.herald.ConnectionManager;
import dev.herald.HeraldException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A Java-WebSocket 1.6.0 server whose connections a {@link ConnectionManager} manages.
 *
 * <pre>{@code
 * HeraldWebSocketServer server = HeraldWebSocketServer.builder(manager).port(8000).build().start();
 * ...
 * manager.shutdown(Duration.ofSeconds(10));   // drains the connections
 * server.close();                             // then stops the server
 * }</pre>
 *
 * <p>The server owns the threads it starts (a selector and the workers) and stops them in {@link
 * #close()}; the manager stays the application's, and closing the server does not drain it. To add
 * Herald to a Java-WebSocket server the application already has, use {@link JavaWebSocketBridge}.
 *
 * <p>This class is thread-safe.
 */
public final class HeraldWebSocketServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final int STOP_TIMEOUT_MILLIS = 1000;

  private final Server server;

  private HeraldWebSocketServer(Builder builder) {
    this.server =
        new Server(
            builder.address, builder.workerThreads, new AcceptBackoff(builder.manager.connector()));
    JavaWebSocketBridge bridge = JavaWebSocketBridge.of(builder.manager.connector());
    WebSocketServerFactory sockets =
        builder.tls != null
            ? new DefaultSSLWebSocketServerFactory(builder.tls)
            : new DefaultWebSocketServerFactory();
    server.setWebSocketFactory(bridge.factory(sockets, builder.sendBufferSize));
    bridge.configure(server);
  }

  /** Returns a builder of a server for {@code manager}. */
  public static Builder builder(ConnectionManager<?> manager) {
    return new Builder(manager);
  }

  /**
   * Starts listening and returns once the server listens. Call once.
   *
   * @throws HeraldException if the server cannot listen, for example because the port is taken; its
   *     threads are stopped again
   * @throws IllegalStateException if the server was started before
   */
  public HeraldWebSocketServer start() {
    server.start();
    Exception failure;
    try {
      boolean listening = server.started.await(START_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      failure =
          listening
              ? server.startFailure
              : new HeraldException("did not start within " + START_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
    }
    if (failure != null) {
      close();
      throw new HeraldException(
          "server could not listen on " + server.getAddress() + ": " + failure.getMessage(),
          failure);
    }
    return this;
  }

  /** Returns the port the server listens on: the one chosen, for port 0, once started. */
  public int port() {
    return server.getPort();
  }

  /**
   * Returns whether the server listens: it was started, is not closed, its selector thread runs and
   * its listening socket is open. At the process's limit of open files the server keeps listening
   * and backs off accepting, counting each failure in {@code stats().acceptFailures()}; false here
   * means that new connections are refused until the server is started again.
   */
  public boolean isListening() {
    return server.isListening();
  }

  /**
   * Stops listening, closes the connections that are left and stops the server's threads. Blocks
   * for about a second at most. Drain the manager first for connections to close cleanly.
   * Idempotent.
   */
  @Override
  public void close() {
    server.closed = true;
    try {
      server.stop(STOP_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The Java-WebSocket server, held rather than extended so that none of its own API, such as its
   * per-connection-copying {@code broadcast}, is Herald's. Its connections report to Herald; only
   * the start is heard here, and each accept is first asked of the {@link AcceptBackoff}.
   */
  private static final class Server extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);
    volatile @Nullable Exception startFailure;
    volatile boolean closed;
    private final AcceptBackoff backoff;
    private volatile @Nullable Thread selectorThread;

    Server(InetSocketAddress address, int workerThreads, AcceptBackoff backoff) {
      super(address, workerThreads, List.of());
      this.backoff = backoff;
    }

    boolean isListening() {
      Thread running = selectorThread;
      return !closed && running != null && running.isAlive() && backoff.listenerOpen();
    }

    @Override
    protected boolean onConnect(SelectionKey key) {
      return backoff.admit(key);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {}

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onMessage(WebSocket conn, String message) {}

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {}

    @Override
    public void onError(@Nullable WebSocket conn, Exception error) {
      if (conn == null && started.getCount() > 0) {
        startFailure = error;
        started.countDown();
      }
    }

    @Override
    public void onStart() {
      selectorThread = Thread.currentThread();
      started.countDown();
    }
  }

  /**
   * Configures and builds a {@link HeraldWebSocketServer}. Each setter checks its argument at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final ConnectionManager<?> manager;
    private InetSocketAddress address = new InetSocketAddress(8000);
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private @Nullable SSLContext tls;
    private int sendBufferSize;

    private Builder(ConnectionManager<?> manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** Listens on {@code port} of every interface (0: any free port). Default: 8000. */
    public Builder port(int port) {
      if (port < 0 || port > 0xFFFF) {
        throw new IllegalArgumentException("port is not 0-65535: " + port);
      }
      return address(new InetSocketAddress(port));
    }

    /** Listens on {@code address}. Default: port 8000 of every interface. */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the number of worker threads that decode frames and run listeners (unless the manager
     * has an executor); one selector thread reads and writes. Default: one per processor.
     */
    public Builder workerThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("workerThreads <= 0: " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /**
     * Serves {@code wss://} with {@code context}, whose key managers hold the server's certificate
     * and which the application owns. Plain {@code ws://} clients are then refused. Default: plain.
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
        throw new IllegalArgumentException("sendBufferSize <= 0: " + bytes);
      }
      this.sendBufferSize = bytes;
      return this;
    }

    /** Builds the server; it listens once {@link HeraldWebSocketServer#start()} is called. */
    public HeraldWebSocketServer build() {
      return new HeraldWebSocketServer(this);
    }
  }
}
