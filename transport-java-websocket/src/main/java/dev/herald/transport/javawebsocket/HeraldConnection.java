package dev.herald.transport.javawebsocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A Java-WebSocket connection that takes the end of its input only after every byte read before it.
 *
 * <p>Java-WebSocket reads a connection on the selector thread and decodes what it read on a worker
 * thread, but it takes the end of the input ({@code eot()}) on the selector thread at once. A peer
 * that sends a close frame and then ends its output at once, as the JDK's client does, can have its
 * end taken before its close frame is decoded: the connection then ends with 1006, its close frame
 * unread. And if the close frame is being decoded, the answer already queued but the close not yet
 * recorded, the end overtakes it the same way. Here the end goes into the connection's input queue
 * as one more buffer, so the worker takes it in order, after everything before it.
 *
 * <p>Thread-safe as Java-WebSocket's own connection is: {@link #endAfterInput()} runs on the
 * selector thread, {@link #decode} on the connection's worker thread.
 */
final class HeraldConnection extends WebSocketImpl {
  private final Supplier<ByteBuffer> buffers;
  private volatile @Nullable ByteBuffer end;

  /**
   * @param buffers makes a buffer of the server's read size: the end's buffer joins the server's
   *     pool of read buffers once the worker is done with it
   */
  HeraldConnection(WebSocketListener listener, List<Draft> drafts, Supplier<ByteBuffer> buffers) {
    super(listener, drafts);
    this.buffers = buffers;
  }

  /**
   * Queues the end of the input after what was read before it; on the selector thread, when a read
   * found the end.
   *
   * @return false if nothing was ever queued for decoding, so the end can be taken at once
   */
  boolean endAfterInput() throws InterruptedException {
    WebSocketServer.WebSocketWorker worker = getWorkerThread();
    if (worker == null) {
      return false;
    }
    if (end == null) {
      ByteBuffer marker = buffers.get().flip();
      end = marker;
      inQueue.put(marker);
      worker.put(this);
    }
    return true;
  }

  /** Returns whether the end of the input was read, and handed to the worker. */
  boolean inputEnded() {
    return end != null;
  }

  @Override
  public void decode(ByteBuffer socketBuffer) {
    if (socketBuffer == end) {
      eot();
    } else {
      super.decode(socketBuffer);
    }
  }
}
