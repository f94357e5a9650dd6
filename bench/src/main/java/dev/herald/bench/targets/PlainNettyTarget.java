package dev.herald.bench.targets;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serves the benchmark protocol on Netty 4.2 without Herald: what a hand-written Netty server does.
 * Netty's own {@link WebSocketServerProtocolHandler} does the handshake, the pings and the close; a
 * {@link ChannelGroup} broadcasts (one duplicate and one flush per member); the echo is flushed
 * once per read batch. It runs on the same event loops as Herald's server: epoll where available,
 * one worker per processor.
 *
 * <p>This class is thread-safe.
 */
final class PlainNettyTarget extends TargetServer {
  private static final int MAX_MESSAGE = 1024 * 1024;
  private static final AttributeKey<Peer> PEER = AttributeKey.valueOf("peer");

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup all;
  private final Channel listening;

  private PlainNettyTarget(
      EventLoopGroup boss, EventLoopGroup workers, ChannelGroup all, Channel listening) {
    this.boss = boss;
    this.workers = workers;
    this.all = all;
    this.listening = listening;
  }

  static PlainNettyTarget start(InetSocketAddress address) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, factory);
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), factory);
    ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Map<String, ChannelGroup> rooms = new ConcurrentHashMap<>();
    Class<? extends ServerChannel> type =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    WebSocketServerProtocolConfig config =
        WebSocketServerProtocolConfig.newBuilder()
            // With checkStartsWith, Netty takes "/ws" followed by '/' or '?': every /ws/{clientId}.
            .websocketPath("/ws")
            .checkStartsWith(true)
            .maxFramePayloadLength(MAX_MESSAGE)
            .build();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(type)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(65536),
                            new WebSocketServerProtocolHandler(config),
                            new Handler(all, rooms));
                  }
                });
    Channel listening = bootstrap.bind(address).syncUninterruptibly().channel();
    return new PlainNettyTarget(boss, workers, all, listening);
  }

  @Override
  public int port() {
    return ((InetSocketAddress) listening.localAddress()).getPort();
  }

  @Override
  public int connections() {
    return all.size();
  }

  @Override
  public void close() {
    listening.close().syncUninterruptibly();
    all.close().awaitUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** What the server keeps per channel, set when its handshake completes. */
  private record Peer(String clientId, Convention convention, ChannelGroup audience) {}

  private static final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final ChannelGroup all;
    private final Map<String, ChannelGroup> rooms;

    Handler(ChannelGroup all, Map<String, ChannelGroup> rooms) {
      this.all = all;
      this.rooms = rooms;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (!(event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake)) {
        super.userEventTriggered(ctx, event);
        return;
      }
      String target = handshake.requestUri();
      String clientId = Convention.clientId(target);
      if (clientId == null) {
        ctx.close();
        return;
      }
      String room = Convention.room(target);
      ChannelGroup audience =
          room == null
              ? all
              : rooms.computeIfAbsent(
                  room, r -> new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
      all.add(ctx.channel());
      if (audience != all) {
        audience.add(ctx.channel());
      }
      ctx.channel().attr(PEER).set(new Peer(clientId, Convention.of(clientId), audience));
      ctx.writeAndFlush(new TextWebSocketFrame("Connected as client " + clientId));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      Peer peer = ctx.channel().attr(PEER).get();
      if (peer == null) {
        return;
      }
      String message = frame.text();
      if (peer.convention() != Convention.PUBLISHER) {
        ctx.write(new TextWebSocketFrame("Echo: " + message));
        if (peer.convention() == Convention.ECHO_ONLY) {
          return;
        }
      }
      TextWebSocketFrame said =
          new TextWebSocketFrame("Client " + peer.clientId() + " says: " + message);
      peer.audience().writeAndFlush(said, ChannelMatchers.isNot(ctx.channel()));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
      ctx.fireChannelReadComplete();
    }
  }
}
