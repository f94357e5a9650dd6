package dev.herald.transport.jakarta;

import dev.herald.spi.Frame;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Writes one connection's stream through the container's asynchronous sends: one message in flight
 * at a time, as the Jakarta API requires, the next one taken only when the container reports the
 * last one written. A send in flight for longer than {@link Writers#STALL_NANOS} reports the
 * connection blocked, after which the manager's outbound limit applies to what waits behind it. A
 * failed send is the socket's end, which the container reports through the endpoint's close.
 *
 * <p>A binary message goes out as a read-only view of the bytes every target shares; a text message
 * as the string every target shares, which the container encodes and frames per connection (the
 * Jakarta API takes no prepared text frame).
 *
 * <p>This class is thread-safe: drains are serialized by a work counter; only the sweep thread
 * calls {@link #sweep}.
 */
final class ContainerTransport implements Transport, SendHandler {
  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

  /**
   * How long an aborted connection's socket may stay quiet, its close frame on the way, before the
   * container drops it.
   */
  private static final long LINGER_MILLIS = 1000;

  private final Session session;
  private final Link link;
  private final Writers writers;
  private final AtomicInteger work = new AtomicInteger();
  private final Runnable onWriter = () -> drain(true);
  // Whether the container is sending a message: set by the drain before the send, cleared by the
  // container's completion after it.
  private volatile boolean inFlight;
  // When the send in flight started, in System.nanoTime().
  private volatile long sentAt;
  private volatile boolean aborted;
  private volatile boolean closeSent;
  // The frame taken while a send was in flight, written when it completes; set by the drain alone.
  private volatile @Nullable Frame next;

  ContainerTransport(Session session, Link link, Writers writers) {
    this.session = session;
    this.link = link;
    this.writers = writers;
  }

  @Override
  public void wake() {
    schedule();
  }

  @Override
  public void abort() {
    aborted = true;
    schedule();
  }

  /** Returns whether this side sent the close frame, so that the close is not the peer's. */
  boolean closeSent() {
    return closeSent;
  }

  @Override
  public void onResult(SendResult result) {
    inFlight = false;
    if (!result.isOK() && !lost(result.getException())) {
      link.onError(result.getException());
    }
    schedule();
  }

  /**
   * Tells the manager the socket is full if the send in flight started over {@link
   * Writers#STALL_NANOS} ago and the writer holds the next frame: a writer that has not taken it
   * yet is only behind on the CPU, as is a container that takes a while over a burst.
   */
  void sweep(long now) {
    if (inFlight && next != null && now - sentAt > Writers.STALL_NANOS) {
      link.blocked();
    }
  }

  /** Drains on this thread: a message send returns at once, whoever calls. */
  private void schedule() {
    if (work.getAndIncrement() == 0) {
      drain(false);
    }
  }

  /** Drains on a writer thread: a ping or a close may wait for the socket. */
  private void handOver() {
    try {
      writers.execute(onWriter);
    } catch (RejectedExecutionException e) {
      // The writers stop with the filter, after the manager's drain: nothing is left to write.
      work.set(0);
    }
  }

  /**
   * Writes what the stream holds while no send is in flight. Messages go out on the calling thread,
   * the container's or the application's: an asynchronous send only hands them over. A ping or a
   * close, which the API sends blocking, is handed with the rest of the drain to a writer thread,
   * so that neither the heartbeat's timer nor an application thread ever waits on a socket.
   */
  private void drain(boolean writer) {
    int missed = 1;
    do {
      if (aborted) {
        if (!writer) {
          handOver();
          return;
        }
        aborted = false;
        closeNow();
      }
      while (!closeSent) {
        Frame frame = next;
        if (frame == null) {
          frame = link.poll();
          if (frame == null) {
            break;
          }
        }
        if (inFlight || (!writer && !(frame instanceof Frame.Message))) {
          // Taken off the manager's queue, so that one message of the limit's size can follow
          // another; it goes out when the send in flight completes, or on a writer thread.
          next = frame;
          if (!inFlight) {
            handOver();
            return;
          }
          break;
        }
        next = null;
        write(frame);
      }
      missed = work.addAndGet(-missed);
    } while (missed != 0);
  }

  private void write(Frame frame) {
    try {
      if (frame instanceof Frame.Message message) {
        send(message);
      } else if (frame instanceof Frame.Ping) {
        session.getAsyncRemote().sendPing(NO_DATA.duplicate());
        link.written(frame.size());
      } else if (frame instanceof Frame.Close close) {
        closeSent = true;
        link.written(frame.size());
        session.close(reason(close));
      }
    } catch (IOException | RuntimeException e) {
      if (!lost(e)) {
        link.onError(e);
      }
      end(1006, "send failed");
    }
  }

  /**
   * Returns whether a send failed because the connection is gone, which its close reports: Tomcat
   * fails a send on a session the peer's reset closed with an {@link IllegalStateException}.
   */
  private boolean lost(Throwable error) {
    return error instanceof IOException || !session.isOpen();
  }

  /**
   * Hands a message to the container, which holds it until it is written: like a socket buffer, one
   * message beyond what the manager counts.
   */
  private void send(Frame.Message message) {
    sentAt = System.nanoTime();
    inFlight = true;
    link.written(message.size());
    Payload payload = message.payload();
    if (payload instanceof Payload.Text text) {
      session.getAsyncRemote().sendText(text.text(), this);
    } else {
      session.getAsyncRemote().sendBinary(payload.bytes(), this);
    }
  }

  /**
   * Ends the connection now: the close frame the stream ends with goes out if the socket is not
   * full, and the end is reported at once. The Jakarta API cannot drop a socket, so the container
   * is told to drop it once it has been quiet for a second: Jetty does then, Tomcat at the next run
   * of its background process, every 10 s by default.
   */
  private void closeNow() {
    int code = 1006;
    String why = "aborted";
    if (!closeSent) {
      Frame frame = next != null ? next : link.poll();
      next = null;
      while (frame != null && !(frame instanceof Frame.Close)) {
        frame = link.poll();
      }
      if (frame instanceof Frame.Close close) {
        code = close.code();
        why = close.reason();
        if (!inFlight) {
          write(close);
        }
      }
    }
    end(code, why);
  }

  private void end(int code, String why) {
    closeSent = true;
    writers.remove(this);
    try {
      session.setMaxIdleTimeout(LINGER_MILLIS);
    } catch (RuntimeException e) {
      // Closed already.
    }
    link.onClose(code, why, false);
  }

  private static CloseReason reason(Frame.Close close) {
    return new CloseReason(CloseReason.CloseCodes.getCloseCode(close.code()), close.reason());
  }
}
