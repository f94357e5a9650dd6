package dev.herald.transport.netty;

import dev.herald.ConnectionManager;
import dev.herald.HandshakePolicy;
import dev.herald.HeraldException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpDecoderConfig;
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
 * A Netty 4.2 WebSocket server whose connections a {@link ConnectionManager} manages. It runs on
 * native epoll on Linux when the native library loads, on NIO otherwise; serves {@code wss://} when
 * given an {@link SSLContext}; and can answer plain HTTP requests, such as {@code /health}, on the
 * same port.
 *
 * <pre>{@code
 * HeraldNettyServer server = HeraldNettyServer.builder(manager).port(8000).build().start();
 * ...
 * manager.shutdown(Duration.ofSeconds(10));   // drains the connections
 * server.close();                             // then stops the server
 * }</pre>
 *
 * <p>The server owns the event loops it creates and shuts them down in {@link #close()}; the
 * manager stays the application's, and closing the server does not drain it. To add Herald to a
 * Netty pipeline the application already runs, use {@link HeraldWebSocketHandler} instead.
 *
 * <p>This class is thread-safe.
 */
public final class HeraldNettyServer implements AutoCloseable {
  /** The accept backlog: the JDK's default of 50 refuses clients when thousands connect at once. */
  static final int BACKLOG = 4096;

  /** The largest plain HTTP request, upgrade requests included, the server reads. */
  static final int MAX_HTTP_REQUEST = 64 * 1024;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(HeraldNettyServer.class);

  private final ConnectionManager<?> manager;
  private final InetSocketAddress address;
  private final @Nullable SSLContext tls;
  private final HeraldNettyServer.@Nullable HttpHandler httpHandler;
  private final WriteBufferWaterMark waterMark;
  private final boolean nativeTransport;
  private final int sendBufferSize;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Object lock = new Object();
  private @Nullable Channel listening;
  private boolean started;
  private boolean stopped;

  private HeraldNettyServer(Builder builder) {
    this.manager = builder.manager;
    this.address = builder.address;
    this.tls = builder.tls;
    this.httpHandler = builder.httpHandler;
    this.waterMark = new WriteBufferWaterMark(builder.lowWaterMark, builder.highWaterMark);
    this.nativeTransport = builder.nativeTransport && Epoll.isAvailable();
    this.sendBufferSize = builder.sendBufferSize;
    IoHandlerFactory factory =
        nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss =
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("herald-netty-boss"), factory);
    this.workers =
        new MultiThreadIoEventLoopGroup(
            builder.workerThreads, new DefaultThreadFactory("herald-netty-worker"), factory);
  }

  /** Returns a builder of a server for {@code manager}. */
  public static Builder builder(ConnectionManager<?> manager) {
    return new Builder(manager);
  }

  /**
   * Starts listening and returns once the server listens. Call once.
   *
   * @throws HeraldException if the server cannot listen, for example because the port is taken; its
   *     event loops are shut down again
   * @throws IllegalStateException if the server was started or closed before
   */
  public HeraldNettyServer start() {
    ChannelFuture bind;
    synchronized (lock) {
      if (started || stopped) {
        throw new IllegalStateException(stopped ? "server was closed" : "server was started");
      }
      started = true;
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
      log.debug("Binding {} ({})", address, nativeTransport ? "epoll" : "nio");
      bind = bootstrap.bind(address);
      // After the acceptor, which ServerBootstrap adds once the channel is registered; before the
      // first accept, which follows the bind.
      bind.addListener(
          bound -> {
            if (bound.isSuccess()) {
              bind.channel()
                  .pipeline()
                  .addLast("herald-accept-failures", new AcceptFailureHandler(manager.connector()));
            }
          });
    }
    boolean done = bind.awaitUninterruptibly(START_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    if (!done || !bind.isSuccess()) {
      close();
      throw new HeraldException(
          "server could not listen on "
              + address
              + ": "
              + (done
                  ? String.valueOf(bind.cause().getMessage())
                  : "no answer within " + START_TIMEOUT),
          bind.cause());
    }
    synchronized (lock) {
      listening = bind.channel();
    }
    return this;
  }

  /**
   * Returns the port the server listens on: the one chosen, for port 0.
   *
   * @throws IllegalStateException if the server does not listen
   */
  public int port() {
    synchronized (lock) {
      if (listening == null) {
        throw new IllegalStateException("server does not listen");
      }
      return ((InetSocketAddress) listening.localAddress()).getPort();
    }
  }

  /**
   * Returns whether the server listens: it was started, is not closed, and its listening socket is
   * open. At the process's limit of open files the server keeps listening and backs off accepting,
   * counting each failure in {@code stats().acceptFailures()}; false here means that new
   * connections are refused until the server is started again.
   */
  public boolean isListening() {
    synchronized (lock) {
      return !stopped && listening != null && listening.isActive();
    }
  }

  /** Returns whether the server runs on native epoll rather than NIO. */
  public boolean isNative() {
    return nativeTransport;
  }

  /**
   * Stops listening, closes the channels that are left and shuts the event loops down. Blocks for a
   * few seconds at most. Drain the manager first for connections to close cleanly. Idempotent.
   */
  @Override
  public void close() {
    Channel server;
    synchronized (lock) {
      if (stopped) {
        return;
      }
      stopped = true;
      server = listening;
    }
    if (server != null) {
      server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /** Builds the pipeline of each accepted connection. */
  private final class Initializer extends ChannelInitializer<SocketChannel> {
    @Override
    protected void initChannel(SocketChannel channel) {
      channels.add(channel);
      ChannelPipeline pipeline = channel.pipeline();
      SSLContext context = tls;
      if (context != null) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        pipeline.addLast("ssl", new SslHandler(engine));
      }
      HandshakePolicy policy = manager.connector().handshakePolicy();
      pipeline.addLast(
          "http-codec",
          new HttpServerCodec(
              new HttpDecoderConfig()
                  .setMaxInitialLineLength(policy.maxRequestLine())
                  .setMaxHeaderSize(policy.maxHeaderBytes())));
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
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private @Nullable SSLContext tls;
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

    /**
     * Serves {@code wss://} with {@code context}, whose key managers hold the server's certificate
     * and which the application owns. Plain {@code ws://} clients are then refused. Default: plain.
     */
    public Builder tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
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

    /**
     * Builds the server and its event loops; it listens once {@link HeraldNettyServer#start()} is
     * called.
     */
    public HeraldNettyServer build() {
      return new HeraldNettyServer(this);
    }
  }
}
