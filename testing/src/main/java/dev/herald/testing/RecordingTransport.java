package dev.herald.testing;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Inbound;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A transport with no socket: it records what Herald sends, pings and closes, for tests that drive
 * a manager in process.
 *
 * <p>This class is thread-safe.
 */
public final class RecordingTransport implements Transport {
  private final RecordingFramer framer;
  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final AtomicInteger pings = new AtomicInteger();
  private final AtomicLong buffered = new AtomicLong();
  private volatile boolean open = true;
  private volatile @Nullable Integer closeCode;
  private volatile @Nullable String closeReason;
  private volatile boolean aborted;
  private volatile @Nullable Inbound inbound;

  /** Creates a transport that frames with {@code framer}, shared like a real server's. */
  public RecordingTransport(RecordingFramer framer) {
    this.framer = framer;
  }

  @Override
  public Framer framer() {
    return framer;
  }

  @Override
  public boolean send(Frame frame) {
    if (!open) {
      return false;
    }
    frames.add(frame);
    return true;
  }

  @Override
  public void ping() {
    if (open) {
      pings.incrementAndGet();
    }
  }

  /**
   * Makes this transport report its end to {@code inbound}, as a real one does: at once when Herald
   * closes or aborts it, as if the peer answered instantly.
   */
  public void reportTo(Inbound inbound) {
    this.inbound = inbound;
  }

  /** Plays the peer closing the connection. */
  public void peerCloses(int code, String reason) {
    open = false;
    Inbound target = inbound;
    if (target != null) {
      target.onClose(code, reason, true);
    }
  }

  @Override
  public void close(int code, String reason) {
    open = false;
    closeCode = code;
    closeReason = reason;
    Inbound target = inbound;
    if (target != null) {
      target.onClose(code, reason, false);
    }
  }

  @Override
  public void abort() {
    open = false;
    aborted = true;
    Inbound target = inbound;
    if (target != null) {
      target.onClose(1006, "aborted", false);
    }
  }

  @Override
  public long bufferedBytes() {
    return buffered.get();
  }

  /** Sets what {@link #bufferedBytes()} returns, as if the peer had stopped reading. */
  public void buffered(long bytes) {
    buffered.set(bytes);
  }

  /** Returns the frames sent, in order. */
  public List<Frame> frames() {
    return List.copyOf(frames);
  }

  /** Returns the payloads of the frames sent, in order. */
  public List<Payload> payloads() {
    return frames.stream().map(f -> ((RecordingFramer.RecordedFrame) f).payload()).toList();
  }

  /** Returns the number of pings sent. */
  public int pings() {
    return pings.get();
  }

  /** Returns the close code Herald asked for, or null if it did not close. */
  public @Nullable Integer closeCode() {
    return closeCode;
  }

  /** Returns the close reason Herald gave, or null if it did not close. */
  public @Nullable String closeReason() {
    return closeReason;
  }

  /** Returns whether Herald aborted the connection. */
  public boolean aborted() {
    return aborted;
  }

  /** Returns whether the transport is still open. */
  public boolean isOpen() {
    return open;
  }
}
