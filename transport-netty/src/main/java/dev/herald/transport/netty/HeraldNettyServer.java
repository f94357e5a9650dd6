package dev.herald.transport.netty;

import dev.herald.ConnectionManager;
import dev.herald.HeraldException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty WebSocket server whose connections a {@link ConnectionManager} manages. It runs on native
 * epoll on Linux when the native library loads, on NIO otherwise; serves {@code wss://} when given
 * an {@link SSLContext}; and can answer plain HTTP requests, such as {@code /health}, on the same
 * port.
 *
 * <pre>{@code
 * HeraldNettyServer server = HeraldNettyServer.builder(manager).port(8000).build();
 * server.start();
 * int port = server.awaitStart(Duration.ofSeconds(5));
 * ...
 * server.shutdown(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The server owns the event loops it creates and closes them in {@link #shutdown}; the manager
 * stays the application's, though {@code shutdown} drains it. To add Herald to a Netty pipeline the
 * application already runs, use {@link HeraldWebSocketHandler} instead.
 *
 * <p>This class is thread-safe.
 */
public final class HeraldNettyServer implements AutoCloseable {
  /** The accept backlog: the JDK's default of 50 refuses clients when thousands connect at once. */
  static final int BACKLOG = 4096;

  /** The largest plain HTTP request, upgrade requests included, the server reads. */
  static final int MAX_HTTP_REQUEST = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(HeraldNettyServer.class);

  private final ConnectionManager<?> manager;
  private final InetSocketAddress address;
  private final @Nullable SSLContext sslContext;
  private final @Nullable HttpHandler httpHandler;
  private final WriteBufferWaterMark waterMark;
  private final boolean nativeTransport;
  private final int sendBufferSize;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Object lock = new Object();
  private @Nullable ChannelFuture bind;
  private boolean stopped;

  private HeraldNettyServer(Builder builder) {
    this.manager = builder.manager;
    this.address = builder.address;
    this.sslContext = builder.sslContext;
    this.httpHandler = builder.httpHandler;
    this.waterMark = new WriteBufferWaterMark(builder.lowWaterMark, builder.highWaterMark);
    this.nativeTransport = builder.nativeTransport && Epoll.isAvailable();
    this.sendBufferSize = builder.sendBufferSize;
    IoHandlerFactory factory =
        nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss =
        new MultiThreadIoEventLoopGroup(
            builder.bossThreads, new DefaultThreadFactory("herald-netty-boss"), factory);
    this.workers =
        new MultiThreadIoEventLoopGroup(
            builder.workerThreads, new DefaultThreadFactory("herald-netty-worker"), factory);
  }

  /** Returns a builder of a server for {@code manager}. */
  public static Builder builder(ConnectionManager<?> manager) {
    return new Builder(manager);
  }

  /**
   * Starts listening, without waiting; {@link #awaitStart} waits. Idempotent.
   *
   * @throws IllegalStateException if the server was shut down
   */
  public HeraldNettyServer start() {
    synchronized (lock) {
      if (stopped) {
        throw new IllegalStateException("server was shut down");
      }
      if (bind == null) {
        Class<? extends ServerChannel> channelType =
            nativeTransport ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap =
            new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childHandler(new Initializer());
        if (sendBufferSize > 0) {
          bootstrap.childOption(ChannelOption.SO_SNDBUF, sendBufferSize);
        }
        bind = bootstrap.bind(address);
        log.debug("Binding {} ({})", address, nativeTransport ? "epoll" : "nio");
      }
      return this;
    }
  }

  /**
   * Waits until the server listens, and returns its port (the one chosen for port 0).
   *
   * @throws IllegalStateException if {@link #start} was not called
   * @throws HeraldException if binding failed or did not finish within {@code timeout}
   */
  public int awaitStart(Duration timeout) {
    ChannelFuture future;
    synchronized (lock) {
      future = bind;
    }
    if (future == null) {
      throw new IllegalStateException("start() was not called");
    }
    try {
      if (!future.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new HeraldException("server did not start within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while waiting for the server to start", e);
    }
    if (!future.isSuccess()) {
      throw new HeraldException("server failed to start on " + address, future.cause());
    }
    return ((InetSocketAddress) future.channel().localAddress()).getPort();
  }

  /** Returns whether the server runs on native epoll rather than NIO. */
  public boolean isNative() {
    return nativeTransport;
  }

  /**
   * Drains the manager ({@link ConnectionManager#shutdown}), stops listening, closes the channels
   * that are left, and shuts the event loops down. Blocks for at most {@code grace} plus a few
   * seconds. Idempotent.
   *
   * @return true if every connection ended within {@code grace}
   */
  public boolean shutdown(Duration grace) {
    ChannelFuture future;
    synchronized (lock) {
      if (stopped) {
        return true;
      }
      stopped = true;
      future = bind;
    }
    boolean clean = manager.shutdown(grace);
    if (future != null) {
      future.channel().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
    return clean;
  }

  /** Shuts down with a grace of five seconds. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  /** Builds the pipeline of each accepted connection. */
  private final class Initializer extends ChannelInitializer<SocketChannel> {
    @Override
    protected void initChannel(SocketChannel channel) {
      channels.add(channel);
      ChannelPipeline pipeline = channel.pipeline();
      SSLContext ssl = sslContext;
      if (ssl != null) {
        SSLEngine engine = ssl.createSSLEngine();
        engine.setUseClientMode(false);
        pipeline.addLast("ssl", new SslHandler(engine));
      }
      pipeline.addLast("http-codec", new HttpServerCodec());
      pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST));
      pipeline.addLast("herald", HeraldWebSocketHandler.of(manager.connector()));
      pipeline.addLast("http-endpoints", new HttpEndpointHandler(httpHandler));
    }
  }

  /**
   * Answers the plain HTTP requests (those that are not WebSocket upgrades) that reach a {@link
   * HeraldNettyServer}, such as {@code GET /health}.
   *
   * <p>Implementations must be thread-safe and must not block: they run on the event loops.
   */
  @FunctionalInterface
  public interface HttpHandler {

    /**
     * Returns the response to {@code request}. The server releases the request afterwards, sets the
     * response's content length and keep-alive headers, writes it and releases it.
     */
    FullHttpResponse handle(FullHttpRequest request);
  }

  /**
   * Configures and builds a {@link HeraldNettyServer}. Each setter checks its argument at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final ConnectionManager<?> manager;
    private InetSocketAddress address = new InetSocketAddress(8000);
    private int bossThreads = 1;
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private @Nullable SSLContext sslContext;
    private @Nullable HttpHandler httpHandler;
    private int lowWaterMark = 32 * 1024;
    private int highWaterMark = 64 * 1024;
    private boolean nativeTransport = true;
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

    /** Sets the number of threads that accept connections. Default: 1. */
    public Builder bossThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("bossThreads <= 0: " + threads);
      }
      this.bossThreads = threads;
      return this;
    }

    /**
     * Sets the number of event-loop threads that read, write and run listeners (unless the manager
     * has an executor). Default: one per processor.
     */
    public Builder workerThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("workerThreads <= 0: " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /** Serves {@code wss://} with {@code context}, which the application owns. Default: plain. */
    public Builder ssl(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Answers plain HTTP requests on the WebSocket port with {@code handler}. Default: none, and
     * such requests get 426 Upgrade Required.
     */
    public Builder httpHandler(HttpHandler handler) {
      this.httpHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the write buffer water marks of each connection, in bytes: a channel turns unwritable
     * above {@code high} pending bytes and writable again below {@code low}. Default: 32 KiB and 64
     * KiB.
     */
    public Builder writeBufferWaterMark(int low, int high) {
      if (low < 0) {
        throw new IllegalArgumentException("low < 0: " + low);
      }
      if (high < low) {
        throw new IllegalArgumentException("high < low: " + high + " < " + low);
      }
      this.lowWaterMark = low;
      this.highWaterMark = high;
      return this;
    }

    /**
     * Uses native epoll when it is available ({@code true}, the default), or NIO always ({@code
     * false}).
     */
    public Builder nativeTransport(boolean enabled) {
      this.nativeTransport = enabled;
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

    /** Builds the server and its event loops; it listens once {@link #start()} is called. */
    public HeraldNettyServer build() {
      return new HeraldNettyServer(this);
    }
  }
}
