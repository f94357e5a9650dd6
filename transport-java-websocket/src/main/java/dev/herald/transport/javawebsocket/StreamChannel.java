package dev.herald.transport.javawebsocket;

import dev.herald.RejectReason;
import dev.herald.spi.Connector;
import dev.herald.spi.Frame;
import dev.herald.spi.Link;
import dev.herald.spi.Transport;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps one connection's socket channel (plain or TLS) and writes everything that goes out on it,
 * on the server's selector thread: Herald's outbound stream, taken from the connection's {@link
 * Link}, and what Java-WebSocket queues itself (the handshake response, pongs, its own closes),
 * never one inside a frame of the other. All of it is written from the {@link SelectorPump}, on the
 * selector thread: another thread that has something to write wakes the pump, and so does a write
 * event of the selector's own (see {@link #write} and {@link #writeMore}).
 *
 * <p>Frames are copied, several at a time, into one direct buffer of the server's and written with
 * one call: the copy a write of a heap buffer to a socket makes anyway. What the socket does not
 * take waits in a buffer of this connection's until the socket can take more, and the key's
 * interest in writing is set for exactly that time.
 *
 * <p>Until the upgrade request is whole, reads go through the connection's {@link HandshakeGuard},
 * which holds the request back from Java-WebSocket and refuses one over the connector's {@link
 * dev.herald.HandshakePolicy}: the refusal is queued as Java-WebSocket's own output, reported to
 * the connector, and the socket closed once it is written. After that, reads pass through. For TLS,
 * Java-WebSocket's {@code writeMore()} re-wraps its own encrypted output; this channel flushes
 * pending encrypted bytes with an empty write instead.
 *
 * <p>This class is thread-safe: {@link #wake()}, {@link #abort()} and {@link #attach} may be called
 * from any thread; everything else runs on the selector thread.
 */
final class StreamChannel implements WrappedByteChannel, Transport {
  private static final Logger log = LoggerFactory.getLogger(StreamChannel.class);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final VarHandle WOKEN;

  static {
    try {
      WOKEN = MethodHandles.lookup().findVarHandle(StreamChannel.class, "woken", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ByteChannel channel;
  private final @Nullable WrappedByteChannel wrapped;
  private final SocketChannel socket;
  private final WebSocketImpl connection;
  private final SelectorPump pump;
  private final ByteBuffer scratch;
  private final Connector connector;
  private volatile @Nullable Link link;
  private volatile @Nullable Object admission;
  private volatile boolean aborting;
  private volatile boolean woken;
  private @Nullable StreamChannel nextWoken;

  // The selector thread's alone.
  private @Nullable ByteBuffer spill;
  private @Nullable Frame current;
  private int currentOffset;
  private boolean closeTaken;
  private boolean outputShut;
  private @Nullable HandshakeGuard guard;

  /**
   * @param scratch the server's buffer for gathering frames, used by its selector thread only
   */
  StreamChannel(
      ByteChannel channel,
      SocketChannel socket,
      WebSocketImpl connection,
      SelectorPump pump,
      ByteBuffer scratch,
      Connector connector,
      HandshakeGuard guard) {
    this.channel = channel;
    this.wrapped = channel instanceof WrappedByteChannel w ? w : null;
    this.socket = socket;
    this.connection = connection;
    this.pump = pump;
    this.scratch = scratch;
    this.connector = connector;
    this.guard = guard;
  }

  /** Makes this channel the writer of {@code opened}'s stream; returns it as its transport. */
  Transport attach(Link opened) {
    link = opened;
    return this;
  }

  @Nullable Link link() {
    return link;
  }

  /** Keeps what the handshake decided until the connection opens. */
  void admission(Object decided) {
    admission = decided;
  }

  @Nullable Object admission() {
    return admission;
  }

  @Override
  public void wake() {
    pump.wake(this);
  }

  @Override
  public void abort() {
    aborting = true;
    pump.wake(this);
  }

  boolean markWoken() {
    return WOKEN.compareAndSet(this, false, true);
  }

  void clearWoken() {
    woken = false;
  }

  /** Sets the next channel on the pump's stack and returns the one before. */
  @Nullable StreamChannel nextWoken(@Nullable StreamChannel next) {
    StreamChannel previous = nextWoken;
    nextWoken = next;
    return previous;
  }

  /**
   * Writes what is pending as far as the socket takes it; from the pump, on the selector thread.
   */
  void writeOnSelector() {
    SelectionKey key = connection.getSelectionKey();
    try {
      boolean blocked = flushReporting();
      if (aborting) {
        closeAbruptly();
        return;
      }
      if (key != null && key.isValid()) {
        key.interestOps(
            (inputEnded() ? 0 : SelectionKey.OP_READ) | (blocked ? SelectionKey.OP_WRITE : 0));
      }
    } catch (IOException e) {
      connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, String.valueOf(e.getMessage()), true);
    } catch (CancelledKeyException e) {
      // Closed meanwhile; its end is reported by whoever cancelled the key.
    } catch (RuntimeException e) {
      // A bug: the pump goes on with the other connections, which would otherwise wait forever.
      log.warn("Writing {} failed", connection, e);
      closeAbruptly();
    }
  }

  /** Flushes, and tells the stream when the socket could not take everything. */
  private boolean flushReporting() throws IOException {
    boolean blocked = flush();
    Link opened = link;
    if (blocked && opened != null) {
      opened.blocked();
    }
    return blocked;
  }

  /**
   * Writes, in order: encrypted bytes still pending, the rest of a frame begun, Java-WebSocket's
   * own queue, and the stream's next frames.
   *
   * @return whether the socket could not take everything
   */
  private boolean flush() throws IOException {
    if (flushEncrypted() || finishFrame()) {
      return true;
    }
    // Twice at most: taking the stream's close frame queues Java-WebSocket's, written right after.
    for (int pass = 0; pass < 2; pass++) {
      ByteBuffer queued;
      while ((queued = connection.outQueue.peek()) != null) {
        if (writeFully(queued)) {
          return true;
        }
        connection.outQueue.poll();
      }
      if (connection.isFlushAndClose()) {
        endAfterClose();
        return false;
      }
      if (writeStream()) {
        return true;
      }
      if (connection.outQueue.isEmpty()) {
        return false;
      }
    }
    return !connection.outQueue.isEmpty();
  }

  /**
   * Ends the connection once Java-WebSocket's close frame is out. After a close the manager
   * decided, the peer may still be sending, and closing a socket with bytes unread resets the
   * connection: the reset discards what the peer has not read yet, the close frame with it. So the
   * output is shut instead, which the peer reads as the end right after the close frame, and the
   * input is still read, and dropped, until the peer closes its side, when Java-WebSocket ends the
   * connection, or until the manager's close timeout aborts it. Other closes (the answer to the
   * peer's close, a refusal) and TLS, whose end needs its own close message, end at once as
   * Java-WebSocket's own writer does.
   */
  private void endAfterClose() throws IOException {
    if (!closeTaken || wrapped != null) {
      connection.closeConnection();
    } else if (!outputShut) {
      outputShut = true;
      socket.shutdownOutput();
    }
  }

  /** Writes the stream's frames until it is empty or the socket is full. */
  private boolean writeStream() throws IOException {
    Link opened = link;
    if (opened == null) {
      return false;
    }
    while (true) {
      scratch.clear();
      while (scratch.hasRemaining() && !closeTaken && (current != null || take(opened))) {
        copyCurrent();
      }
      scratch.flip();
      if (!scratch.hasRemaining()) {
        return false;
      }
      int gathered = scratch.remaining();
      boolean blocked = writeFully(scratch);
      opened.written(gathered - scratch.remaining());
      if (scratch.hasRemaining()) {
        spill = ByteBuffer.allocate(scratch.remaining()).put(scratch).flip();
      }
      if (blocked) {
        return true;
      }
    }
  }

  /** Takes the next frame as the current one; false if there is none, or it was the close. */
  private boolean take(Link opened) {
    if (!connection.isOpen()) {
      return false;
    }
    Frame next = opened.poll();
    if (next == null) {
      return false;
    }
    if (next instanceof Frame.Close close) {
      closeTaken = true;
      opened.written(close.size());
      // Through Java-WebSocket's own close, so that its state knows: it queues the frame, which
      // the flush after this one writes, then closes the socket.
      connection.close(close.code(), close.reason());
      return false;
    }
    current = next;
    currentOffset = 0;
    return true;
  }

  private void copyCurrent() {
    Frame frame = current;
    if (frame != null) {
      currentOffset += frame.copyTo(currentOffset, scratch);
      if (currentOffset == frame.size()) {
        current = null;
      }
    }
  }

  /** Writes what is left of a frame begun; returns whether the socket could not take it all. */
  private boolean finishFrame() throws IOException {
    Link opened = link;
    ByteBuffer left = spill;
    if (left != null) {
      int before = left.remaining();
      boolean blocked = writeFully(left);
      if (opened != null) {
        opened.written(before - left.remaining());
      }
      if (left.hasRemaining() || blocked) {
        return true;
      }
      spill = null;
    }
    while (current != null && opened != null) {
      scratch.clear();
      copyCurrent();
      scratch.flip();
      int gathered = scratch.remaining();
      boolean blocked = writeFully(scratch);
      opened.written(gathered - scratch.remaining());
      if (scratch.hasRemaining()) {
        spill = ByteBuffer.allocate(scratch.remaining()).put(scratch).flip();
        return true;
      }
      if (blocked) {
        return true;
      }
    }
    return false;
  }

  /** Writes encrypted bytes a TLS channel still holds; returns whether some are left. */
  private boolean flushEncrypted() throws IOException {
    WrappedByteChannel tls = wrapped;
    if (tls != null && tls.isNeedWrite()) {
      channel.write(EMPTY);
      return tls.isNeedWrite();
    }
    return false;
  }

  /**
   * Writes {@code source} until it is empty or the socket takes no more; returns whether the socket
   * is full (bytes of {@code source}, or encrypted ones, are left).
   */
  private boolean writeFully(ByteBuffer source) throws IOException {
    while (source.hasRemaining()) {
      int before = source.remaining();
      channel.write(source);
      if (source.remaining() == before || (wrapped != null && wrapped.isNeedWrite())) {
        return true;
      }
    }
    return wrapped != null && wrapped.isNeedWrite();
  }

  /** Closes the socket at once; any thread. */
  void closeAbruptly() {
    connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "aborted", false);
  }

  /**
   * Takes nothing, and has the pump write instead. Java-WebSocket calls this from a write event to
   * write its own queue, and once that queue is out it sets the key's interest to reads alone,
   * whatever the stream still holds: the stream's next frames would wait for some other event. The
   * pump writes both, in order, and sets the interest from what is left.
   */
  @Override
  public int write(ByteBuffer source) {
    wake();
    return 0;
  }

  /**
   * Writes nothing, and has the pump write instead. Java-WebSocket calls this from a write event
   * when its own queue is empty, and closes the socket right after if a close frame was written: a
   * peer still sending would then be reset, and could lose the close frame unread. The pump shuts
   * only the output after a close frame (see {@link #endAfterClose}).
   */
  @Override
  public void writeMore() {
    wake();
  }

  @Override
  public boolean isNeedWrite() {
    return spill != null
        || current != null
        || (wrapped != null && wrapped.isNeedWrite())
        || !connection.outQueue.isEmpty();
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    HandshakeGuard pending = guard;
    return ended(
        pending == null ? channel.read(destination) : readHandshake(pending, destination, false));
  }

  @Override
  public boolean isNeedRead() {
    HandshakeGuard pending = guard;
    return (pending != null && pending.handingOver()) || (wrapped != null && wrapped.isNeedRead());
  }

  @Override
  public int readMore(ByteBuffer destination) throws IOException {
    HandshakeGuard pending = guard;
    if (pending != null) {
      return ended(readHandshake(pending, destination, true));
    }
    return ended(wrapped != null ? wrapped.readMore(destination) : 0);
  }

  /**
   * Hands the end of the input to the connection's worker, after what it has still to decode, and
   * tells Java-WebSocket there is nothing to read: taken here, on the selector thread, the end
   * could overtake a close frame read just before it (see {@link HeraldConnection}). The key stops
   * asking for reads, which at the end of the input would be ready again at once.
   */
  private int ended(int read) {
    if (read >= 0 || !(connection instanceof HeraldConnection ordered)) {
      return read;
    }
    try {
      if (!ordered.endAfterInput()) {
        return read;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return read;
    }
    SelectionKey key = connection.getSelectionKey();
    if (key != null && key.isValid()) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
    return 0;
  }

  private boolean inputEnded() {
    return connection instanceof HeraldConnection ordered && ordered.inputEnded();
  }

  /**
   * Reads the handshake into the guard and hands Java-WebSocket nothing until it is whole; then the
   * whole of it, as far as {@code destination} takes it, and the rest through {@link #readMore}.
   *
   * @param more whether Java-WebSocket asks for what TLS decrypted beyond its last read
   */
  private int readHandshake(HandshakeGuard pending, ByteBuffer destination, boolean more)
      throws IOException {
    if (!pending.whole()) {
      int start = destination.position();
      int read = more ? readMoreWrapped(destination) : channel.read(destination);
      // What TLS decrypted beyond this buffer is read now: Java-WebSocket asks for it only after
      // a read that handed it something.
      while (read > 0) {
        ByteBuffer got = destination.duplicate().flip().position(start);
        destination.position(start);
        HandshakeGuard.Refusal refusal = pending.take(got);
        if (refusal != null) {
          refuse(refusal);
        }
        read = pending.whole() || pending.refused() ? 0 : readMoreWrapped(destination);
      }
      if (read < 0) {
        return read;
      }
      if (!pending.whole()) {
        return 0;
      }
    }
    int handed = pending.handOver(destination);
    if (!pending.handingOver()) {
      guard = null;
    }
    return handed;
  }

  private int readMoreWrapped(ByteBuffer destination) throws IOException {
    return wrapped != null && wrapped.isNeedRead() ? wrapped.readMore(destination) : 0;
  }

  /** Answers a refused handshake through Java-WebSocket's queue and closes once it is written. */
  private void refuse(HandshakeGuard.Refusal refusal) {
    connector.refused(refusal.reason(), refusal.status(), refusal.why(), remote());
    connection.outQueue.add(refusal.response());
    connection.flushAndClose(CloseFrame.NEVER_CONNECTED, refusal.why(), false);
  }

  /**
   * Closes the connection if its upgrade has not completed: answers 408 if nothing of the request
   * went to Java-WebSocket yet and the socket is plain, otherwise closes without an answer.
   */
  void handshakeTimedOut(Duration timeout) {
    HandshakeGuard pending = guard;
    if (connection.getReadyState() != ReadyState.NOT_YET_CONNECTED || !channel.isOpen()) {
      return;
    }
    if (connection.isFlushAndClose()) {
      // Refused already, by the guard or by Java-WebSocket, and its answer still not out.
      connection.closeConnection();
      return;
    }
    String why = "handshake not completed within " + timeout.toMillis() + " ms";
    if (pending != null && !pending.whole() && wrapped == null) {
      pending.refuse();
      refuse(new HandshakeGuard.Refusal(RejectReason.TIMEOUT, 408, why));
    } else {
      connector.refused(RejectReason.TIMEOUT, 0, why, remote());
      connection.closeConnection(CloseFrame.NEVER_CONNECTED, why, false);
    }
  }

  private @Nullable InetSocketAddress remote() {
    return socket.socket().getRemoteSocketAddress() instanceof InetSocketAddress inet ? inet : null;
  }

  @Override
  public boolean isBlocking() {
    return wrapped != null ? wrapped.isBlocking() : socket.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
