package dev.herald.transport.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the plain HTTP requests that share the WebSocket port, with the application's {@link
 * HeraldNettyServer.HttpHandler}, or with 426 Upgrade Required when it gave none.
 */
final class HttpEndpointHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpointHandler.class);

  private final HeraldNettyServer.@Nullable HttpHandler handler;

  HttpEndpointHandler(HeraldNettyServer.@Nullable HttpHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (handler == null) {
      HeraldWebSocketHandler.refuse(
          ctx,
          HttpResponseStatus.UPGRADE_REQUIRED,
          "this endpoint serves WebSocket connections only");
      return;
    }
    FullHttpResponse response;
    try {
      response = handler.handle(request);
    } catch (RuntimeException e) {
      log.warn("HTTP handler failed on {} {}", request.method(), request.uri(), e);
      HeraldWebSocketHandler.refuse(
          ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
      return;
    }
    // A HEAD answer has no body but may tell the length a GET would get: keep what the handler set.
    if (!request.method().equals(HttpMethod.HEAD) || !HttpUtil.isContentLengthSet(response)) {
      HttpUtil.setContentLength(response, response.content().readableBytes());
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
