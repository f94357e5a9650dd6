package dev.herald.transport.netty;

import dev.herald.spi.Frame;
import dev.herald.spi.Link;
import dev.herald.spi.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Writes one connection's outbound stream to its Netty channel, on the channel's event loop. Each
 * frame is copied into a pooled direct buffer, the one copy a write to a socket takes anyway, and
 * written; a drain flushes once. While the channel is over its high water mark the writer stops
 * taking frames, and resumes when Netty reports it writable again.
 *
 * <p>This class is thread-safe: {@link #wake()} and {@link #abort()} only hand work to the event
 * loop, and every other field belongs to the event loop.
 */
final class NettyTransport implements Transport {
  /** Bytes one drain writes before it yields the event loop to the other channels. */
  private static final int BYTES_PER_DRAIN = 256 * 1024;

  private final Channel channel;
  private final Link link;
  private final Runnable drain = this::drain;
  private final Runnable abort = this::closeNow;
  // The event loop's: where a frame's bytes go, without the view a copy into a direct buffer's
  // NIO form would allocate per write.
  private final BufferSink sink = new BufferSink();
  private boolean closeSent;

  NettyTransport(Channel channel, Link link) {
    this.channel = channel;
    this.link = link;
  }

  @Override
  public void wake() {
    execute(drain);
  }

  @Override
  public void abort() {
    execute(abort);
  }

  /** Returns whether the close frame went out, after which no frame may follow. */
  boolean closeSent() {
    return closeSent;
  }

  /** Marks that a close frame went out some other way: the answer to the peer's close. */
  void closeAnswered() {
    closeSent = true;
  }

  /** Writes what the stream holds while the channel takes it; on the event loop. */
  void drain() {
    int written = 0;
    while (!closeSent && channel.isActive() && channel.isWritable()) {
      if (written >= BYTES_PER_DRAIN) {
        channel.flush();
        // Yields to other channels; the stream stays scheduled, so no wake is lost.
        execute(drain);
        return;
      }
      Frame frame = link.poll();
      if (frame == null) {
        break;
      }
      if (frame instanceof Frame.Close) {
        writeClose(frame);
        return;
      }
      written += write(frame);
    }
    if (written > 0) {
      channel.flush();
    }
    if (!closeSent && channel.isActive() && !channel.isWritable()) {
      // Flushed and still over the high water mark: the socket is full, the reader behind.
      link.blocked();
    }
  }

  /**
   * Writes the close frame that ends the stream, then, once it is out, shuts the output: the peer
   * reads the end right after the close frame and closes its side, which ends the channel, or the
   * manager's close timeout does. What the peer still sends is dropped unread from then on: a peer
   * flooding the connection would otherwise keep the event loop decoding frames no one wants, and
   * delay the end of the connection behind them. Over TLS, whose end needs its own close message,
   * the channel waits for the peer's close frame instead.
   */
  private void writeClose(Frame frame) {
    closeSent = true;
    ChannelFuture written = channel.writeAndFlush(copy(frame));
    link.written(frame.size());
    if (channel instanceof DuplexChannel duplex
        && channel.pipeline().get(SslHandler.class) == null) {
      written.addListener(
          future -> {
            if (future.isSuccess() && channel.isActive()) {
              channel.pipeline().addFirst(new InboundDiscarder());
              duplex.shutdownOutput();
            }
          });
    }
  }

  /** Drops what the peer sends after the close: the channel only waits for its end. */
  private static final class InboundDiscarder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Writes whatever the stream still holds, as far as the socket takes it, then closes. */
  private void closeNow() {
    Frame frame;
    while (!closeSent && channel.isActive() && (frame = link.poll()) != null) {
      write(frame);
    }
    channel.flush();
    channel.close();
  }

  private int write(Frame frame) {
    int size = frame.size();
    channel.write(copy(frame), channel.voidPromise());
    link.written(size);
    if (frame instanceof Frame.Close) {
      closeSent = true;
    }
    return size;
  }

  /** Copies {@code frame} into a pooled direct buffer, the one copy a socket write takes. */
  private ByteBuf copy(Frame frame) {
    int size = frame.size();
    ByteBuf buffer = channel.alloc().ioBuffer(size, size);
    sink.target = buffer;
    frame.writeTo(sink);
    sink.target = null;
    return buffer;
  }

  /** Copies what a frame hands over into the buffer being written. */
  private static final class BufferSink implements Frame.Sink {
    @Nullable ByteBuf target;

    @Override
    public void write(byte[] bytes, int offset, int length) {
      ByteBuf buffer = target;
      if (buffer != null) {
        buffer.writeBytes(bytes, offset, length);
      }
    }
  }

  private void execute(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      // The event loop is shutting down and the channel with it: its end is reported anyway.
    }
  }
}
