package dev.herald.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens WebSocket client connections on a few Netty event loops: one thread per event loop holds
 * thousands of connections, where Java-WebSocket's client needs two or three threads each. Native
 * epoll when available. Frames are masked, as the protocol demands of clients; UTF-8 validation of
 * what the server sends is off, to keep the generator's cost per message low.
 *
 * <p>This class is thread-safe.
 */
final class LoadClient implements AutoCloseable {
  private static final int MAX_FRAME = 1 << 20;

  private final EventLoopGroup group;
  private final boolean epoll;
  private final int handshakeTimeoutMillis;

  static {
    // Sampling every 128th buffer for leaks costs the generator CPU it needs for sending.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }

  LoadClient(int threads, int handshakeTimeoutMillis) {
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load"), io);
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  boolean isEpoll() {
    return epoll;
  }

  /** Returns the event loops, so that each can pace the sessions it owns. */
  List<EventLoop> eventLoops() {
    List<EventLoop> loops = new ArrayList<>();
    group.forEach(executor -> loops.add((EventLoop) executor));
    return loops;
  }

  /** Starts opening a connection to {@code uri} played by {@code session}. */
  ChannelFuture connect(URI uri, Session session) {
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .handshakeTimeoutMillis(handshakeTimeoutMillis)
            .maxFramePayloadLength(MAX_FRAME)
            .withUTF8Validator(false)
            .dropPongFrames(true)
            .handleCloseFrames(false)
            .build();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            // Closing with a reset leaves no TIME_WAIT behind, so back-to-back runs of 10,000
            // connections do not run out of ephemeral ports.
            .option(ChannelOption.SO_LINGER, 0)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, handshakeTimeoutMillis)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(config),
                            session);
                  }
                });
    return bootstrap.connect(uri.getHost(), uri.getPort());
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
