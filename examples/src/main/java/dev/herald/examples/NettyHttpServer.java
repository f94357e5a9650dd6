package dev.herald.examples;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link HttpRoutes} on a port of its own, on one Netty event loop. Netty rather than the
 * JDK's {@code HttpServer}: at the file-descriptor limit the JDK server retries the failing accept
 * at once, forever, at 100% of a core, while Netty's acceptor stops accepting for a second after
 * each failure.
 *
 * <p>This class is thread-safe.
 */
final class NettyHttpServer {
  /** Enough for probes, scrapers and a few browsers; the crowds connect to the WebSocket port. */
  private static final int BACKLOG = 64;

  /** The largest request read; the routes take no body. */
  private static final int MAX_REQUEST = 8 * 1024;

  /** How long a kept-alive connection may stay silent, as in the JDK server. */
  private static final int IDLE_SECONDS = 30;

  private static final Logger log = LoggerFactory.getLogger(NettyHttpServer.class);

  private final EventLoopGroup loop;
  private final Channel listening;

  private NettyHttpServer(EventLoopGroup loop, Channel listening) {
    this.loop = loop;
    this.listening = listening;
  }

  /**
   * Starts serving {@code routes} on {@code address}, over TLS if {@code tls} is not null, and
   * returns once the port listens.
   *
   * @throws UncheckedIOException if the port cannot be bound; the event loop is stopped again
   */
  static NettyHttpServer start(
      InetSocketAddress address, @Nullable SSLContext tls, HttpRoutes routes) {
    EventLoopGroup loop =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("herald-http"), NioIoHandler.newFactory());
    NettyHttpEndpoints endpoints = new NettyHttpEndpoints(routes);
    ChannelFuture bind =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, BACKLOG)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    ChannelPipeline pipeline = channel.pipeline();
                    if (tls != null) {
                      SSLEngine engine = tls.createSSLEngine();
                      engine.setUseClientMode(false);
                      pipeline.addLast(new SslHandler(engine));
                    }
                    pipeline.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                    pipeline.addLast(new HttpServerCodec());
                    pipeline.addLast(new HttpObjectAggregator(MAX_REQUEST));
                    pipeline.addLast(new Requests(endpoints));
                  }
                })
            .bind(address)
            .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
      Throwable cause = bind.cause();
      throw new UncheckedIOException(
          "cannot listen for HTTP on " + address + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
    // Behind the acceptor, which has by then stopped accepting for a second: says why, once a
    // second at most, instead of Netty's warning that nothing handled the exception.
    bind.channel().pipeline().addLast(new AcceptFailures(address));
    return new NettyHttpServer(loop, bind.channel());
  }

  /** Returns the port the server listens on. */
  int port() {
    return ((InetSocketAddress) listening.localAddress()).getPort();
  }

  /** Stops listening, closes the open connections and stops the event loop. */
  void stop() {
    listening.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /** Answers each request with the routes, and closes connections that stay idle. */
  private static final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final NettyHttpEndpoints endpoints;

    Requests(NettyHttpEndpoints endpoints) {
      this.endpoints = endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        FullHttpResponse bad =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.BAD_REQUEST,
                Unpooled.copiedBuffer("Bad request\n", StandardCharsets.UTF_8));
        bad.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(bad, bad.content().readableBytes());
        ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      FullHttpResponse response = endpoints.handle(request);
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      ChannelFuture written = ctx.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent) {
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(event);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A reset or a failed TLS handshake ends that connection only; the peer caused it.
      log.debug("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }

  /** Logs why the listening socket could not accept; the acceptor before it backs off. */
  private static final class AcceptFailures extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress address;

    AcceptFailures(InetSocketAddress address) {
      this.address = address;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("HTTP on {} cannot accept ({}); retrying in 1 s", address, String.valueOf(cause));
    }
  }
}
