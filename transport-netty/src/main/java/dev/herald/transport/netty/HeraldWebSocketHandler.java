package dev.herald.transport.netty;

import dev.herald.Admission;
import dev.herald.CodecException;
import dev.herald.Handshake;
import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import dev.herald.spi.Connector;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades HTTP requests to WebSocket connections that a {@code ConnectionManager} manages, in a
 * Netty pipeline the application builds. Add one new instance per channel, after an {@code
 * HttpServerCodec} and an {@code HttpObjectAggregator}:
 *
 * <pre>{@code
 * ch.pipeline().addLast(
 *     new HttpServerCodec(),
 *     new HttpObjectAggregator(65536),
 *     HeraldWebSocketHandler.of(manager.connector()),
 *     new MyHttpHandler()); // gets every request that is not a WebSocket upgrade
 * }</pre>
 *
 * <p>Every request is first held to the connector's {@link HandshakePolicy}: one the HTTP codec
 * failed to decode is answered 414 (request line too long), 431 (headers too large) or 400, one
 * with more headers than the policy allows 431, an upgrade to another WebSocket version than 13
 * (such as the legacy Hixie-76 handshake) 426; each is closed and reported to the connector, and
 * nothing is upgraded on headers that were not read whole. The codec's own limits bound the request
 * line and the header bytes: {@link HeraldNettyServer} sets them from the policy. A channel that
 * has not completed its upgrade within the policy's timeout from the moment the handler was added
 * is closed, as is one that stays plain HTTP and sends no further request within the timeout of the
 * last one.
 *
 * <p>An upgrade request is admitted by the connector before the upgrade: a rejection is answered
 * with the HTTP status and reason the authenticator chose (401, 403, 429...) and the connection is
 * closed, never upgraded. An accepted one is upgraded with the connector's preferred subprotocol
 * among those offered, and its messages are limited to the connector's largest inbound message
 * (1009 beyond it) and a text message is checked for valid UTF-8 as it is decoded, once it is whole
 * (1007 otherwise). Requests that are not WebSocket upgrades go on to the next handler, untouched.
 *
 * <p>Not thread-safe, and not sharable: Netty calls an instance from its channel's event loop only.
 * {@link HeraldNettyServer} builds the whole pipeline for a new server.
 */
public final class HeraldWebSocketHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HeraldWebSocketHandler.class);

  private final Connector connector;
  private final HandshakePolicy policy;
  private @Nullable ScheduledFuture<?> handshakeTimer;
  private boolean servedHttp;
  private boolean refusing;
  private @Nullable NettyTransport transport;
  private @Nullable Link link;
  private boolean upgrading;
  private boolean peerClosed;
  private int peerCode;
  private String peerReason = "";
  private boolean ended;

  private HeraldWebSocketHandler(Connector connector) {
    this.connector = connector;
    this.policy = connector.handshakePolicy();
  }

  /**
   * Returns a handler for one channel that hands its connection to {@code connector}, usually
   * {@code manager.connector()}.
   */
  public static HeraldWebSocketHandler of(Connector connector) {
    return new HeraldWebSocketHandler(Objects.requireNonNull(connector, "connector"));
  }

  /** Upgrades WebSocket requests, hands over frames, and passes every other message on. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing) {
      // A refused request's remains, read before the close.
      ReferenceCountUtil.release(msg);
    } else if (link == null
        && !upgrading
        && msg instanceof HttpObject http
        && !admissible(ctx, http)) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof WebSocketFrame frame) {
      try {
        onFrame(ctx, frame);
      } finally {
        frame.release();
      }
    } else if (msg instanceof FullHttpRequest request && !upgrading && isUpgrade(request)) {
      try {
        upgrade(ctx, request);
      } finally {
        request.release();
      }
    } else {
      if (msg instanceof HttpRequest && link == null && !upgrading) {
        // The connection stays plain HTTP for now: its next request has the timeout from here.
        servedHttp = true;
        scheduleTimeout(ctx);
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Starts the handshake timeout: from the accepted socket, TLS included. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    scheduleTimeout(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimeout();
  }

  /** Reports the end of the connection, exactly once. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimeout();
    Link current = link;
    NettyTransport writer = transport;
    if (current != null && writer != null && !ended) {
      ended = true;
      if (peerClosed) {
        current.onClose(peerCode, peerReason, true);
      } else if (writer.closeSent()) {
        current.onClose(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "", false);
      } else {
        current.onClose(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "connection lost", true);
      }
    }
    ctx.fireChannelInactive();
  }

  /** Goes on writing the connection's stream once the channel is writable again. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    NettyTransport writer = transport;
    if (writer != null && ctx.channel().isWritable()) {
      writer.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  /**
   * Closes the connection with the status a protocol violation calls for (1009 for a message that
   * is too large, 1002 for a broken frame, 1007 for a close reason that is not UTF-8), or reports
   * the error to the connection.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Link current = link;
    if (current == null) {
      log.debug("Closing {} before any upgrade: {}", ctx.channel(), cause.toString());
      ctx.close();
      return;
    }
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      WebSocketCloseStatus status = corrupted.closeStatus();
      log.debug("Closing {} with {}: {}", ctx.channel(), status.code(), cause.getMessage());
      current.onProtocolError(status.code(), status.reasonText());
    } else if (cause instanceof TooLongFrameException) {
      log.debug("Closing {} with 1009: {}", ctx.channel(), cause.getMessage());
      current.onProtocolError(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message too big");
    } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
      // A reset or broken connection, maybe in the middle of a message: the peer left, which is no
      // anomaly of the node. channelInactive follows and reports it as 1006.
      log.debug("I/O error on {}: {}", ctx.channel(), cause.toString());
      ctx.close();
    } else {
      current.onError(cause);
      current.onProtocolError(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "internal error");
    }
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    NettyTransport writer = transport;
    Link current = link;
    if (writer == null || current == null) {
      // A client must not send frames before it has the server's handshake (RFC 6455, 4.1).
      log.debug("Ignoring a frame on {} before the upgrade completed", ctx.channel());
      return;
    }
    if (frame instanceof TextWebSocketFrame) {
      Payload.Text text;
      try {
        // Checked while decoded, in one pass: a codec of strings then takes the text as it is.
        text = Payload.decodedUtf8(ByteBufUtil.getBytes(frame.content()));
      } catch (CodecException e) {
        log.debug("Closing {} with 1007: a text message that is not UTF-8", ctx.channel());
        WebSocketCloseStatus status = WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
        current.onProtocolError(status.code(), status.reasonText());
        return;
      }
      current.onMessage(text);
    } else if (frame instanceof BinaryWebSocketFrame) {
      current.onMessage(Payload.binary(ByteBufUtil.getBytes(frame.content())));
    } else if (frame instanceof PingWebSocketFrame) {
      // A peer that pings but does not read gets no answer: pongs must not pile up unbounded.
      if (!writer.closeSent() && ctx.channel().isWritable()) {
        ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
      }
    } else if (frame instanceof PongWebSocketFrame) {
      current.onPong();
    } else if (frame instanceof CloseWebSocketFrame close) {
      onPeerClose(ctx, writer, current, close);
    }
  }

  /**
   * Answers the peer's close frame, or ends the close this side started, and closes the socket. A
   * close frame whose reason is not UTF-8 is the peer's protocol error (1007).
   */
  private void onPeerClose(
      ChannelHandlerContext ctx, NettyTransport writer, Link current, CloseWebSocketFrame frame) {
    if (!writer.closeSent() && !hasUtf8Reason(frame)) {
      current.onProtocolError(
          WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "invalid UTF-8 in close reason");
      return;
    }
    if (!writer.closeSent()) {
      peerClosed = true;
      peerCode = frame.statusCode() < 0 ? WebSocketCloseStatus.EMPTY.code() : frame.statusCode();
      peerReason = frame.statusCode() < 0 ? "" : frame.reasonText();
      writer.closeAnswered();
      // As soon as practical (RFC 6455, 5.5.1): written if the socket takes it now, then closed.
      ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, frame.content().retainedDuplicate()));
    }
    ctx.close();
  }

  /**
   * Returns whether a close frame's reason is complete UTF-8: Netty's decoder checks its bytes but
   * lets a sequence cut short at the end through.
   */
  private static boolean hasUtf8Reason(CloseWebSocketFrame frame) {
    ByteBuf content = frame.content();
    if (content.readableBytes() <= 2) {
      return true;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(content.nioBuffer(content.readerIndex() + 2, content.readableBytes() - 2));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * Refuses, before anything is admitted, a request the codec failed to decode (its headers may be
   * partial) or one with too many headers; returns whether the request may go on.
   */
  private boolean admissible(ChannelHandlerContext ctx, HttpObject http) {
    DecoderResult result = http.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        refuseRequest(
            ctx,
            RejectReason.TOO_LARGE,
            HttpResponseStatus.REQUEST_URI_TOO_LONG,
            String.valueOf(cause.getMessage()));
      } else if (cause instanceof TooLongHttpHeaderException) {
        refuseRequest(
            ctx,
            RejectReason.TOO_LARGE,
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            String.valueOf(cause.getMessage()));
      } else {
        refuseRequest(
            ctx, RejectReason.MALFORMED, HttpResponseStatus.BAD_REQUEST, "malformed: " + cause);
      }
      return false;
    }
    if (http instanceof HttpRequest request && request.headers().size() > policy.maxHeaders()) {
      refuseRequest(
          ctx,
          RejectReason.TOO_LARGE,
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "more than " + policy.maxHeaders() + " header fields");
      return false;
    }
    return true;
  }

  /** Answers a request refused before admission, reports it, and closes. */
  private void refuseRequest(
      ChannelHandlerContext ctx, RejectReason reason, HttpResponseStatus status, String why) {
    refusing = true;
    cancelTimeout();
    connector.refused(reason, status.code(), why, inetAddress(ctx.channel().remoteAddress()));
    refuse(ctx, status, status.reasonPhrase());
  }

  private void scheduleTimeout(ChannelHandlerContext ctx) {
    cancelTimeout();
    handshakeTimer =
        ctx.executor()
            .schedule(() -> timedOut(ctx), policy.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void cancelTimeout() {
    ScheduledFuture<?> timer = handshakeTimer;
    if (timer != null) {
      timer.cancel(false);
      handshakeTimer = null;
    }
  }

  /**
   * Closes a channel whose upgrade did not complete in time; answers 408 unless TLS or the upgrade
   * is still under way. A plain HTTP connection that sent no new request is only closed.
   */
  private void timedOut(ChannelHandlerContext ctx) {
    handshakeTimer = null;
    if (link != null || refusing || !ctx.channel().isActive()) {
      return;
    }
    if (servedHttp) {
      log.debug("Closing idle HTTP connection {}", ctx.channel());
      ctx.close();
      return;
    }
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    boolean canAnswer = !upgrading && (tls == null || tls.handshakeFuture().isSuccess());
    String why = "handshake not completed within " + policy.timeout().toMillis() + " ms";
    refusing = true;
    connector.refused(
        RejectReason.TIMEOUT,
        canAnswer ? HttpResponseStatus.REQUEST_TIMEOUT.code() : 0,
        why,
        inetAddress(ctx.channel().remoteAddress()));
    if (canAnswer) {
      refuse(
          ctx,
          HttpResponseStatus.REQUEST_TIMEOUT,
          HttpResponseStatus.REQUEST_TIMEOUT.reasonPhrase());
    } else {
      ctx.close();
    }
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    String version = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    if (!"13".equals(version)) {
      // Netty's factory would also speak the pre-RFC drafts, Hixie-76 among them (RFC 6455, 4.4).
      refusing = true;
      cancelTimeout();
      connector.refused(
          RejectReason.MALFORMED,
          HttpResponseStatus.UPGRADE_REQUIRED.code(),
          "WebSocket version " + version,
          inetAddress(ctx.channel().remoteAddress()));
      FullHttpResponse response =
          response(HttpResponseStatus.UPGRADE_REQUIRED, "WebSocket version 13 required");
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    Handshake handshake;
    try {
      handshake =
          Handshake.of(
              request.uri(), headersOf(request), inetAddress(ctx.channel().remoteAddress()));
    } catch (IllegalArgumentException e) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
      return;
    }
    Admission admission = connector.admit(handshake);
    if (admission instanceof Admission.Rejected rejected) {
      refuse(ctx, HttpResponseStatus.valueOf(rejected.status()), rejected.reason());
      return;
    }
    List<String> offered = offeredSubprotocols(request);
    String subprotocol = offered.isEmpty() ? null : connector.selectSubprotocol(offered);
    int maxMessageSize = connector.maxMessageSize();
    WebSocketDecoderConfig config =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(maxMessageSize)
            // No permessage-deflate: it would need a frame per connection, not one per broadcast.
            .allowExtensions(false)
            // Violations reach exceptionCaught, which closes with the right status and reports it.
            .closeOnProtocolViolation(false)
            .build();
    // Offered to the handshaker alone, so that it answers with the connector's choice, not the
    // client's first.
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(location(ctx, request), subprotocol, config)
            .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addBefore(
        ctx.name(), "herald-frame-aggregator", new WebSocketFrameAggregator(maxMessageSize));
    upgrading = true;
    Admission.Accepted accepted = (Admission.Accepted) admission;
    try {
      handshaker
          .handshake(ctx.channel(), request)
          .addListener(
              future -> {
                if (!future.isSuccess()) {
                  log.debug("Handshake failed on {}", ctx.channel(), future.cause());
                  ctx.close();
                } else if (ctx.channel().isActive()) {
                  cancelTimeout();
                  link =
                      connector.open(
                          handshake,
                          accepted,
                          handshaker.selectedSubprotocol(),
                          opened -> {
                            NettyTransport writer = new NettyTransport(ctx.channel(), opened);
                            transport = writer;
                            return writer;
                          });
                }
              });
    } catch (WebSocketHandshakeException e) {
      upgrading = false;
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
    }
  }

  private static boolean isUpgrade(FullHttpRequest request) {
    return request
        .headers()
        .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /** Answers with {@code status} and {@code reason} as a plain-text body, and closes. */
  static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
    ctx.writeAndFlush(response(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String reason) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  private static Map<String, List<String>> headersOf(FullHttpRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
    }
    return headers;
  }

  private static List<String> offeredSubprotocols(FullHttpRequest request) {
    List<String> offered = new ArrayList<>();
    for (String value : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
      for (String name : value.split(",")) {
        String trimmed = name.trim();
        if (!trimmed.isEmpty()) {
          offered.add(trimmed);
        }
      }
    }
    return offered;
  }

  private static String location(ChannelHandlerContext ctx, FullHttpRequest request) {
    String scheme = ctx.pipeline().get(SslHandler.class) != null ? "wss://" : "ws://";
    String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
    return scheme + host + request.uri();
  }

  private static @Nullable InetSocketAddress inetAddress(@Nullable SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }
}
