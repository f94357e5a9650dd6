package dev.herald.transport.netty;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Inbound;
import dev.herald.spi.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Sends to one Netty channel. Any thread may call it: frames go into a lock-free queue, and one
 * task on the channel's event loop writes everything queued and flushes once. A thread that sends
 * 10,000 messages in a burst so costs a few tasks and a few flushes, not 10,000 of each, and an
 * echo answered on the event loop is flushed with the other answers of the same read.
 *
 * <p>Backpressure: Herald hands a transport frames only while {@link #bufferedBytes()} is under a
 * window, and resumes on {@link Inbound#onWritable()}. This transport reports it when the channel
 * turns writable again (below the low water mark of its {@code WriteBufferWaterMark}), and when the
 * last write of each batch has reached the socket, so Herald resumes even while the channel never
 * went over its high water mark.
 *
 * <p>The fields without a lock or a volatile belong to the event loop.
 */
final class NettyTransport implements Transport {
  /**
   * How long a close frame, once written, waits for the peer's answer before the socket is closed
   * anyway. A close frame that never gets written, because the peer stopped reading, waits for
   * Herald to abort the connection.
   */
  static final long CLOSE_TIMEOUT_MILLIS = 3_000;

  /** Writes per task before it flushes and yields the event loop to other channels. */
  private static final int MAX_WRITES_PER_DRAIN = 1024;

  /** The queue entry of a ping. */
  private static final Object PING = new Object();

  private final Channel channel;
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private final Runnable closeChannel;
  private final ChannelFutureListener batchWritten = future -> writable();
  private final ChannelFutureListener closeTimer = future -> startCloseTimer();
  private volatile boolean aborted;

  private boolean closeSent;
  private int localCode = WebSocketCloseStatus.ABNORMAL_CLOSURE.code();
  private String localReason = "";
  private int peerCode;
  private String peerReason = "";
  private boolean peerClosed;
  private @Nullable ScheduledFuture<?> closeTimeout;
  private @Nullable Inbound inbound;

  NettyTransport(Channel channel) {
    this.channel = channel;
    this.closeChannel = channel::close;
  }

  @Override
  public Framer framer() {
    return NettyFramer.INSTANCE;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ClassCastException if {@code frame} was not built by {@link #framer()}
   */
  @Override
  public boolean send(Frame frame) {
    NettyFrame prepared = (NettyFrame) frame;
    if (closing.get() || !channel.isActive()) {
      return false;
    }
    queuedBytes.addAndGet(prepared.size());
    queue.add(prepared);
    scheduleDrain();
    return true;
  }

  @Override
  public void ping() {
    if (!closing.get() && channel.isActive()) {
      // Through the queue, so that a ping never follows the close frame.
      queue.add(PING);
      scheduleDrain();
    }
  }

  @Override
  public void close(int code, String reason) {
    if (closing.compareAndSet(false, true)) {
      queue.add(new CloseRequest(code, reason));
      scheduleDrain();
    }
  }

  @Override
  public void abort() {
    closing.set(true);
    aborted = true;
    channel.close();
  }

  @Override
  public long bufferedBytes() {
    ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
    return queuedBytes.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
  }

  /**
   * Sends a close frame at once, ahead of what is queued, and closes the socket when it is written:
   * for a peer that broke the protocol, whose further input the decoder discards anyway.
   */
  void closeNow(int code, String reason) {
    closing.set(true);
    if (closeSent) {
      channel.close();
      return;
    }
    writeClose(code, reason).addListener(ChannelFutureListener.CLOSE);
    // A peer that breaks the protocol and does not read either gets no more time than that.
    startCloseTimer();
  }

  /** Answers the peer's close frame, or ends the handshake this side started. */
  void onPeerClose(CloseWebSocketFrame frame) {
    closing.set(true);
    if (closeSent) {
      channel.close();
      return;
    }
    peerClosed = true;
    peerCode = frame.statusCode() < 0 ? WebSocketCloseStatus.EMPTY.code() : frame.statusCode();
    peerReason = frame.statusCode() < 0 ? "" : frame.reasonText();
    closeSent = true;
    channel
        .writeAndFlush(new CloseWebSocketFrame(true, 0, frame.content().retainedDuplicate()))
        .addListener(ChannelFutureListener.CLOSE);
    startCloseTimer();
  }

  /** Sets where writability is reported; called on the event loop once the connection opened. */
  void opened(Inbound opened) {
    inbound = opened;
  }

  /** Tells Herald it may hand this transport more frames. */
  void writable() {
    Inbound target = inbound;
    if (target != null && !closing.get()) {
      target.onWritable();
    }
  }

  /** Returns whether a close frame went out, after which no data frame may follow. */
  boolean closeSent() {
    return closeSent;
  }

  /** Marks the channel as ended and reports how, for {@code Inbound.onClose}. */
  Ending end() {
    closing.set(true);
    ScheduledFuture<?> timeout = closeTimeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
    discardQueue();
    if (peerClosed) {
      return new Ending(peerCode, peerReason, true);
    }
    if (aborted) {
      return new Ending(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "aborted", false);
    }
    if (closeSent) {
      return new Ending(localCode, localReason, false);
    }
    return new Ending(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "connection lost", true);
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(drain);
      } catch (RejectedExecutionException e) {
        // The event loop is shutting down and the channel with it: nothing will be written.
        drainScheduled.set(false);
        discardQueue();
      }
    }
  }

  private void drain() {
    drainScheduled.set(false);
    int writes = 0;
    boolean unflushed = false;
    Object item;
    while (writes < MAX_WRITES_PER_DRAIN && (item = queue.poll()) != null) {
      if (item instanceof NettyFrame frame) {
        if (!closeSent && channel.isActive()) {
          channel.write(frame.retainedWire(), channel.voidPromise());
          unflushed = true;
          writes++;
        }
        // Counted out right after the write, so a reader counts a frame twice for a moment at most.
        queuedBytes.addAndGet(-frame.size());
      } else if (item == PING) {
        if (!closeSent && channel.isActive()) {
          channel.write(new PingWebSocketFrame(), channel.voidPromise());
          unflushed = true;
        }
      } else {
        CloseRequest request = (CloseRequest) item;
        if (!closeSent && channel.isActive()) {
          // The peer's answer is awaited from when the close frame is out, after all data before
          // it: a slow reader is not cut off while it still reads.
          writeClose(request.code(), request.reason()).addListener(closeTimer);
          unflushed = false;
        }
      }
    }
    if (unflushed) {
      // An empty write after the batch: its promise completes once the whole batch is written.
      channel.write(Unpooled.EMPTY_BUFFER).addListener(batchWritten);
      channel.flush();
    }
    if (!queue.isEmpty()) {
      scheduleDrain();
    }
  }

  private void startCloseTimer() {
    if (closeTimeout == null && channel.isActive()) {
      closeTimeout =
          channel.eventLoop().schedule(closeChannel, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private ChannelFuture writeClose(int code, String reason) {
    closeSent = true;
    localCode = WebSocketCloseStatus.isValidStatusCode(code) ? code : 1011;
    localReason = reason;
    return channel.writeAndFlush(new CloseWebSocketFrame(localCode, reason));
  }

  private void discardQueue() {
    Object item;
    long discarded = 0;
    while ((item = queue.poll()) != null) {
      if (item instanceof NettyFrame frame) {
        discarded += frame.size();
      }
    }
    queuedBytes.addAndGet(-discarded);
  }

  /** A close the application asked for, queued behind the frames sent before it. */
  private record CloseRequest(int code, String reason) {}

  /** How a connection ended, as {@code Inbound.onClose} reports it. */
  record Ending(int code, String reason, boolean remote) {}
}
