package dev.herald.transport.javawebsocket;

import dev.herald.spi.Connector;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a Java-WebSocket server listening at the process's limit of open files.
 *
 * <p>Java-WebSocket 1.6.0 accepts on its selector thread, and when {@code accept()} fails, as it
 * does with EMFILE ("Too many open files"), it treats the failure as one of the listening socket
 * and closes it, without a word: from then on every connect is refused, even once descriptors are
 * free again. Its one hook before the accept is {@code onConnect}, so before each accept the server
 * asks {@link #admit}, which opens and closes one descriptor (a socket of the listener's kind,
 * never bound). If that fails, the accept would have failed too: the failure goes to {@link
 * Connector#acceptFailed}, and the server stops selecting its listener for a delay that starts at
 * 10 ms and doubles up to 1 s while the limit lasts, then selects it again. Meanwhile the listener
 * stays open and the kernel keeps new connections in its backlog. Once descriptors are free, the
 * first accept that succeeds resets the delay.
 *
 * <p>This class is thread-safe: {@link #admit} runs on the selector thread, the resumption on a
 * timer thread, {@link #listenerOpen} on any.
 */
final class AcceptBackoff {
  static final long FIRST_DELAY_MILLIS = 10;
  static final long MAX_DELAY_MILLIS = 1000;

  private final Connector connector;
  private volatile @Nullable ServerSocketChannel listener;

  /** The current back-off; 0 while accepts succeed. Selector thread only. */
  private long delayMillis;

  AcceptBackoff(Connector connector) {
    this.connector = connector;
  }

  /**
   * Returns whether the server may accept on {@code key}, its listener's key, now. If not, the
   * caller cancels the key, as Java-WebSocket does when {@code onConnect} returns false, and the
   * listener is registered again after the back-off.
   */
  boolean admit(SelectionKey key) {
    ServerSocketChannel channel = (ServerSocketChannel) key.channel();
    listener = channel;
    try {
      SocketChannel.open().close();
      delayMillis = 0;
      return true;
    } catch (IOException e) {
      connector.acceptFailed(e);
      delayMillis =
          delayMillis == 0 ? FIRST_DELAY_MILLIS : Math.min(2 * delayMillis, MAX_DELAY_MILLIS);
      resumeLater(key.selector(), channel, delayMillis);
      return false;
    }
  }

  /**
   * Returns false once the server's listening socket is known to be closed. Only an accept can
   * close it while the server runs, so before the first one it is open.
   */
  boolean listenerOpen() {
    ServerSocketChannel channel = listener;
    return channel == null || channel.isOpen();
  }

  private static void resumeLater(Selector selector, ServerSocketChannel channel, long millis) {
    CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)
        .execute(() -> resume(selector, channel));
  }

  private static void resume(Selector selector, ServerSocketChannel channel) {
    try {
      channel.register(selector, SelectionKey.OP_ACCEPT);
      // The selector thread may be blocked in a select that does not know the new key yet.
      selector.wakeup();
    } catch (CancelledKeyException e) {
      // The cancelled key leaves the selector at its next select: wake it and try again.
      selector.wakeup();
      resumeLater(selector, channel, FIRST_DELAY_MILLIS);
    } catch (ClosedChannelException | ClosedSelectorException e) {
      // The server stopped meanwhile: nothing to resume.
    }
  }
}
