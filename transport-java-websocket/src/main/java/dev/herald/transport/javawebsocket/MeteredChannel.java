package dev.herald.transport.javawebsocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WrappedByteChannel;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a connection's socket channel (or TLS channel) to count the bytes written to it, so that
 * the transport knows in O(1) how much of what it handed over is still unsent: Java-WebSocket's
 * own queue is unbounded and tells only whether it is empty.
 */
final class MeteredChannel implements WrappedByteChannel {
  private final ByteChannel channel;
  private final AtomicLong handed = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile @Nullable Runnable onDrained;

  MeteredChannel(ByteChannel channel) {
    this.channel = channel;
  }

  /** Counts {@code bytes} queued for this channel. */
  void handed(long bytes) {
    handed.addAndGet(bytes);
  }

  /** Returns the bytes queued and not yet written. */
  long buffered() {
    return Math.max(0, handed.get() - written.get());
  }

  /** Sets what runs, on the server's selector thread, each time everything queued is written. */
  void onDrained(Runnable action) {
    this.onDrained = action;
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    int count = channel.write(source);
    if (count > 0) {
      long total = written.addAndGet(count);
      long before = handed.get() - (total - count);
      Runnable action = onDrained;
      if (action != null && before > 0 && handed.get() - total <= 0) {
        action.run();
      }
    }
    return count;
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    return channel.read(destination);
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public boolean isNeedWrite() {
    return channel instanceof WrappedByteChannel wrapped && wrapped.isNeedWrite();
  }

  @Override
  public void writeMore() throws IOException {
    if (channel instanceof WrappedByteChannel wrapped) {
      wrapped.writeMore();
    }
  }

  @Override
  public boolean isNeedRead() {
    return channel instanceof WrappedByteChannel wrapped && wrapped.isNeedRead();
  }

  @Override
  public int readMore(ByteBuffer destination) throws IOException {
    return channel instanceof WrappedByteChannel wrapped ? wrapped.readMore(destination) : 0;
  }

  @Override
  public boolean isBlocking() {
    if (channel instanceof WrappedByteChannel wrapped) {
      return wrapped.isBlocking();
    }
    return channel instanceof SocketChannel socket && socket.isBlocking();
  }
}
