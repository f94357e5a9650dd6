package dev.herald.examples;

import dev.herald.transport.netty.HeraldNettyServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Turns a request into the {@link HttpRoutes}' answer, on the WebSocket port of a {@link
 * HeraldNettyServer} and on the HTTP port of a {@link NettyHttpServer}.
 *
 * <p>This class is thread-safe.
 */
final class NettyHttpEndpoints implements HeraldNettyServer.HttpHandler {
  private final HttpRoutes routes;

  NettyHttpEndpoints(HttpRoutes routes) {
    this.routes = routes;
  }

  @Override
  public FullHttpResponse handle(FullHttpRequest request) {
    HttpReply reply = routes.respond(request.method().name(), request.uri());
    boolean head = request.method().equals(HttpMethod.HEAD);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    // For HEAD too: the length a GET would get.
    HttpUtil.setContentLength(response, reply.body().length);
    return response;
  }
}
