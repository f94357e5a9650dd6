package dev.herald.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Plays one client connection: the last handler of its channel's pipeline. Everything it does runs
 * on the channel's event loop, except {@link #send}, which any thread may call.
 */
final class Session extends ChannelInboundHandlerAdapter {
  final int index;
  final String clientId;

  /** How many others hear this client's broadcast: its room's size minus one. */
  final int audience;

  private final LoadRun run;
  private @Nullable Channel channel;
  private volatile boolean welcomed;
  private boolean ended;

  Session(LoadRun run, int index, String clientId, int audience) {
    this.run = run;
    this.index = index;
    this.clientId = clientId;
    this.audience = audience;
  }

  boolean welcomed() {
    return welcomed;
  }

  @Nullable Channel channel() {
    return channel;
  }

  /** Writes one message stamped {@code stamp}; flushes if {@code flush}. */
  void send(long stamp, boolean flush) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    ByteBuf buf = ch.alloc().buffer(run.template.length);
    buf.writeBytes(run.template);
    Stamps.write(buf, 0, stamp);
    run.sent(this, stamp);
    if (flush) {
      ch.writeAndFlush(new TextWebSocketFrame(buf), ch.voidPromise());
    } else {
      ch.write(new TextWebSocketFrame(buf), ch.voidPromise());
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame frame) {
        received(frame.content());
      } else if (msg instanceof CloseWebSocketFrame) {
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void received(ByteBuf content) {
    int first = content.readableBytes() > 1 ? content.getByte(content.readerIndex()) : 0;
    if (first == 'E') {
      run.echoed(this, Stamps.read(content));
    } else if (first == 'C') {
      if (content.getByte(content.readerIndex() + 1) == 'o') {
        if (!welcomed) {
          welcomed = true;
          run.welcomed(this);
        }
      } else {
        run.broadcastReceived(this, Stamps.read(content));
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      end("handshake timeout");
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    end(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    end("closed by the server");
  }

  /** Reports a connection that could not be opened at all. */
  void connectFailed(Throwable cause) {
    end(cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  private synchronized void end(String why) {
    if (!ended) {
      ended = true;
      run.ended(this, welcomed, why);
    }
  }
}
