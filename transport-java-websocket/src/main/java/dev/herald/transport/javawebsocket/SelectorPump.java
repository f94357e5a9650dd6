package dev.herald.transport.javawebsocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the writers of a Java-WebSocket server's connections on its selector thread, the only thread
 * that may write to their sockets, when another thread asks.
 *
 * <p>Java-WebSocket itself asks its selector for a write from the sending thread by setting the
 * key's interest to read and write, while the selector thread, once it has written a connection's
 * queue out, sets it back to read alone. When a send falls between the two, its data stays in the
 * queue until something else happens on the connection: the upstream race behind frames that were
 * never sent. Here the sending thread only pushes the connection on a lock-free stack and, if the
 * stack was empty, writes one byte into a pipe registered with the same selector; the selector
 * thread reads the pipe, writes each connection pushed since, and sets each key's interest itself,
 * so that no other thread ever changes it.
 *
 * <p>The same pipe runs the server's sweep of late handshakes when its timer asks.
 *
 * <p>The pipe is registered with a connection object of its own, whose channel is the pipe: the
 * selector loop offers Java-WebSocket no other hook. Its reads always return no data.
 *
 * <p>This class is thread-safe.
 */
final class SelectorPump implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelectorPump.class);

  private final Pipe pipe;
  private final Runnable sweep;
  private final AtomicBoolean sweepAsked = new AtomicBoolean();
  private final AtomicReference<@Nullable StreamChannel> woken = new AtomicReference<>();
  private final ByteBuffer signal = ByteBuffer.allocate(1);
  private final ByteBuffer drained = ByteBuffer.allocate(64);

  private SelectorPump(Pipe pipe, Runnable sweep) {
    this.pipe = pipe;
    this.sweep = sweep;
  }

  /**
   * Registers a pump with {@code selector}; on the selector thread, so that the registration does
   * not wait for a select to end.
   *
   * @param sweep what {@link #sweep()} runs on the selector thread
   */
  static SelectorPump register(Selector selector, WebSocketListener listener, Runnable sweep)
      throws IOException {
    Pipe pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    SelectorPump pump = new SelectorPump(pipe, sweep);
    WebSocketImpl host = new WebSocketImpl(listener, List.of());
    host.setChannel(pump.new Source());
    host.setSelectionKey(pipe.source().register(selector, SelectionKey.OP_READ, host));
    return pump;
  }

  /** Has the selector thread write {@code channel} soon; any thread. */
  void wake(StreamChannel channel) {
    if (!channel.markWoken()) {
      return;
    }
    StreamChannel head;
    do {
      head = woken.get();
      channel.nextWoken(head);
    } while (!woken.compareAndSet(head, channel));
    if (head == null) {
      signal();
    }
  }

  /** Has the selector thread run the sweep soon; any thread. */
  void sweep() {
    if (sweepAsked.compareAndSet(false, true)) {
      signal();
    }
  }

  /**
   * Closes the pipe. The server is stopping and its selector thread may be gone: connections still
   * waiting for it are closed here, so that no socket is left open.
   */
  @Override
  public void close() {
    try {
      pipe.sink().close();
      pipe.source().close();
    } catch (IOException e) {
      log.debug("Could not close the selector pump", e);
    }
    StreamChannel channel = woken.getAndSet(null);
    while (channel != null) {
      StreamChannel next = channel.nextWoken(null);
      channel.closeAbruptly();
      channel = next;
    }
  }

  private void signal() {
    synchronized (signal) {
      try {
        signal.clear();
        // Non-blocking: a full pipe already holds a signal the selector has yet to read.
        pipe.sink().write(signal);
      } catch (IOException e) {
        log.debug("Could not signal the selector: the server is stopping", e);
      }
    }
  }

  /** Runs on the selector thread when the pipe is readable. */
  private void run() {
    try {
      drained.clear();
      while (pipe.source().read(drained) > 0) {
        drained.clear();
      }
    } catch (IOException e) {
      log.debug("Could not read the selector pump", e);
    }
    if (sweepAsked.getAndSet(false)) {
      sweep.run();
    }
    StreamChannel channel = woken.getAndSet(null);
    while (channel != null) {
      StreamChannel next = channel.nextWoken(null);
      channel.clearWoken();
      channel.writeOnSelector();
      channel = next;
    }
  }

  /** The pipe as its host connection's channel: reading it runs the pump and yields no data. */
  private final class Source implements ByteChannel {
    @Override
    public int read(ByteBuffer destination) {
      try {
        run();
      } catch (RuntimeException e) {
        // The selector loop dies on a runtime exception, and every connection with it.
        log.warn("Writing on the selector thread failed", e);
      }
      return 0;
    }

    @Override
    public int write(ByteBuffer source) {
      return 0;
    }

    @Override
    public boolean isOpen() {
      return pipe.source().isOpen();
    }

    @Override
    public void close() {
      SelectorPump.this.close();
    }
  }
}
