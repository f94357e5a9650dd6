package dev.herald;

import dev.herald.spi.Frame;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One connection as its transport sees it: the outbound stream the manager owns, and where the
 * transport reports what the peer did. The stream is the connection's only queue: messages, pings
 * and the close in the order they were queued, the bytes queued and not yet written, and whether
 * the transport's writer has been woken. The overflow policy applies here, exactly: a frame is
 * admitted or refused under the same lock that counts it.
 *
 * <p>The limit measures what the reader fails to take, not what the writer has not reached yet: it
 * applies while the transport reports its socket full ({@link #blocked()}), to the bytes waiting
 * behind the frame being written, and a frame into an empty queue is always admitted. A burst that
 * the socket takes as fast as the writer offers it is queued whole, however large.
 *
 * <p>This class is thread-safe. The stream's monitor is held for a few field updates, never while
 * calling the transport or the application. Queued bytes are also read without it.
 */
final class TransportLink implements Link {
  // One message in 64 is timed: timing them all cost a 10,000-target broadcast 1.6 times as much.
  private static final int SAMPLED = 63;
  private static final VarHandle QUEUED_BYTES;
  private static final VarHandle ON_DRAINED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED_BYTES = lookup.findVarHandle(TransportLink.class, "queuedBytes", long.class);
      ON_DRAINED = lookup.findVarHandle(TransportLink.class, "onDrained", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What became of a message offered to the stream. */
  enum Offer {
    QUEUED,
    /** The queue was full and the policy drops. */
    DROPPED,
    /** The queue was full and the policy disconnects. */
    OVERFLOW,
    CLOSED
  }

  /** A message sent with {@link Delivery#CONTROL}, which {@link Overflow#DROP_OLDEST} keeps. */
  private record Kept(Frame frame) {}

  /**
   * A message sent with {@link Delivery#VOLATILE} under {@link Overflow#DISCONNECT}: dropped, not
   * counted against the connection, when the socket blocks with the queue over its limit. Only this
   * combination is marked; under the dropping policies every message is dropped alike.
   */
  private record Droppable(Frame.Message frame) {}

  private final ManagedConnection<?> connection;
  private final OutboundPolicy policy;
  private final Counters counters;
  private final @Nullable Timings timings;
  private final LongSupplier clock;
  // Set once by bind(), before the connection is registered and anyone can queue to it.
  private @Nullable Transport transport;

  // Guarded by this. A healthy connection's queue holds a frame for a moment at most, but is kept
  // once made: a broadcast then costs each target one slot in an array, no allocation.
  private @Nullable ArrayDeque<Object> queue;
  private boolean scheduled;
  private boolean closed;
  private boolean closeTaken;
  // Set when the writer reports its socket full, cleared when it takes the next frame.
  private boolean blocked;
  // The bytes of the frames in the queue, not yet taken by the writer.
  private long waitingBytes;
  // Written under the monitor and by the writer's reports; read by anyone.
  private volatile long queuedBytes;
  // A catch-up waiting for the queue to drain to drainedAt bytes; run once, by whoever sees it.
  private volatile @Nullable Runnable onDrained;
  private volatile long drainedAt;
  // Guarded by this. The queue entry whose wait is being timed, and since when; one at a time.
  private @Nullable Object timed;
  private long timedSince;
  private int offered;

  TransportLink(
      ManagedConnection<?> connection,
      OutboundPolicy policy,
      Counters counters,
      @Nullable Timings timings,
      LongSupplier clock) {
    this.connection = connection;
    this.policy = policy;
    this.counters = counters;
    this.timings = timings;
    this.clock = clock;
  }

  void bind(Transport transport) {
    this.transport = transport;
  }

  Transport transport() {
    Transport bound = transport;
    if (bound == null) {
      throw new IllegalStateException("no transport bound");
    }
    return bound;
  }

  /** Returns the bytes queued and not yet reported written. */
  long queuedBytes() {
    return queuedBytes;
  }

  /** Queues a message after everything queued before, unless the policy refuses it. */
  Offer offer(Frame.Message frame, Delivery delivery) {
    int size = frame.size();
    synchronized (this) {
      if (closed) {
        return Offer.CLOSED;
      }
      if (delivery != Delivery.CONTROL && overLimit(size)) {
        Overflow overflow = policy.overflow();
        if (delivery == Delivery.VOLATILE && overflow == Overflow.DISCONNECT) {
          overflow = Overflow.DROP_NEWEST;
        }
        if (overflow == Overflow.DISCONNECT) {
          return Offer.OVERFLOW;
        }
        if (overflow == Overflow.DROP_NEWEST || !dropOldest(size)) {
          return Offer.DROPPED;
        }
      }
      Object entry =
          switch (delivery) {
            case CONTROL -> new Kept(frame);
            case VOLATILE ->
                policy.overflow() == Overflow.DISCONNECT ? new Droppable(frame) : frame;
            case STANDARD -> frame;
          };
      if (timings != null && (offered++ & SAMPLED) == 0 && timed == null) {
        timed = entry;
        timedSince = clock.getAsLong();
      }
      if (!append(entry, size)) {
        return Offer.QUEUED;
      }
    }
    transport().wake();
    return Offer.QUEUED;
  }

  /** Queues a ping after everything queued before; nothing once the stream is closing. */
  void ping() {
    boolean wake;
    synchronized (this) {
      wake = !closed && append(Frame.ping(), Frame.ping().size());
    }
    if (wake) {
      transport().wake();
    }
  }

  /**
   * Queues the close frame after everything queued before: the last frame of the stream.
   *
   * @return false if the stream was already closing
   */
  boolean close(Frame.Close frame) {
    boolean wake;
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      wake = append(frame, frame.size());
    }
    if (wake) {
      transport().wake();
    }
    return true;
  }

  /**
   * Drops everything queued, queues {@code frame} in its place unless a close frame was already
   * taken, and has the transport write what it can of it and close the socket at once.
   */
  void terminate(Frame.Close frame) {
    synchronized (this) {
      replaceQueued(frame);
      // The abort drains the stream: no wake is needed any more.
      scheduled = true;
    }
    transport().abort();
  }

  /**
   * Drops everything queued and queues {@code frame} in its place unless a close frame was already
   * taken; the writer sends it next and ends the connection as it ends any close.
   */
  void closeInstead(Frame.Close frame) {
    boolean wake;
    synchronized (this) {
      replaceQueued(frame);
      wake = !scheduled;
      scheduled = true;
    }
    if (wake) {
      transport().wake();
    }
  }

  private void replaceQueued(Frame.Close frame) {
    discardQueued();
    closed = true;
    if (!closeTaken) {
      queue().add(frame);
      waitingBytes += frame.size();
      QUEUED_BYTES.getAndAdd(this, (long) frame.size());
    }
  }

  /** Drops everything queued; nothing is queued any more. */
  void discard() {
    synchronized (this) {
      closed = true;
      discardQueued();
      queuedBytes = 0;
    }
  }

  @Override
  public @Nullable Frame poll() {
    Frame frame;
    long waited = -1;
    synchronized (this) {
      blocked = false;
      Object next = queue == null ? null : queue.poll();
      if (next == null) {
        scheduled = false;
        return null;
      }
      frame = unwrap(next);
      waitingBytes -= frame.size();
      if (frame instanceof Frame.Close) {
        closeTaken = true;
      }
      if (next == timed) {
        timed = null;
        waited = clock.getAsLong() - timedSince;
      }
    }
    if (waited >= 0 && timings != null) {
      timings.queued(waited);
    }
    return frame;
  }

  @Override
  public void blocked() {
    boolean overflow = false;
    synchronized (this) {
      blocked = true;
      if (!closed && waitingBytes > policy.limit()) {
        switch (policy.overflow()) {
          case DISCONNECT -> {
            for (Iterator<Object> newestFirst = queue().descendingIterator();
                waitingBytes > policy.limit() && newestFirst.hasNext(); ) {
              Object entry = newestFirst.next();
              if (entry instanceof Droppable) {
                drop(newestFirst, entry);
              }
            }
            overflow = waitingBytes > policy.limit();
          }
          case DROP_NEWEST -> dropWhileOver(queue().descendingIterator());
          case DROP_OLDEST -> dropWhileOver(queue().iterator());
        }
      }
    }
    if (overflow) {
      connection.overflowed();
    }
  }

  @Override
  public void written(int bytes) {
    long left = (long) QUEUED_BYTES.getAndAdd(this, (long) -bytes) - bytes;
    if (onDrained != null && left <= drainedAt) {
      drained();
    }
  }

  /**
   * Runs {@code task} once the bytes queued and not yet written are at most {@code bytes}: at once
   * if they are, or on the thread that reports the write that gets there. The task must only hand
   * work to another thread. A connection that closes first never runs it.
   */
  void whenDrained(long bytes, Runnable task) {
    drainedAt = bytes;
    onDrained = task;
    // A write reported between the caller's check and the line above must not be missed.
    if (queuedBytes <= bytes) {
      drained();
    }
  }

  private void drained() {
    Runnable task = (Runnable) ON_DRAINED.getAndSet(this, (Runnable) null);
    if (task != null) {
      task.run();
    }
  }

  @Override
  public void onMessage(Payload payload) {
    connection.received(payload);
  }

  @Override
  public void onPong() {
    connection.ponged();
  }

  @Override
  public void onProtocolError(int code, String reason) {
    connection.violated(code, reason);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    discard();
    connection.ended(code, reason, remote);
  }

  @Override
  public void onError(Throwable error) {
    connection.failed(error);
  }

  /**
   * Appends under the monitor and counts; returns whether the writer must be woken: it was idle.
   */
  private boolean append(Object entry, int size) {
    queue().add(entry);
    waitingBytes += size;
    QUEUED_BYTES.getAndAdd(this, (long) size);
    boolean wake = !scheduled;
    scheduled = true;
    return wake;
  }

  private ArrayDeque<Object> queue() {
    ArrayDeque<Object> made = queue;
    if (made == null) {
      made = new ArrayDeque<>(1);
      queue = made;
    }
    return made;
  }

  /**
   * Returns whether a message of {@code size} bytes goes over the limit: the socket is full and the
   * bytes waiting behind the frame being written would pass the limit.
   */
  private boolean overLimit(int size) {
    return blocked && waitingBytes > 0 && waitingBytes + size > policy.limit();
  }

  /** Drops queued messages, oldest first, skipping kept ones, until {@code needed} bytes fit. */
  private boolean dropOldest(int needed) {
    long limit = policy.limit();
    if (queue != null) {
      for (Iterator<Object> oldestFirst = queue.iterator();
          waitingBytes + needed > limit && oldestFirst.hasNext(); ) {
        drop(oldestFirst);
      }
    }
    return waitingBytes == 0 || waitingBytes + needed <= limit;
  }

  /** Drops messages in the order of {@code entries}, skipping kept ones, until under the limit. */
  private void dropWhileOver(Iterator<Object> entries) {
    while (waitingBytes > policy.limit() && entries.hasNext()) {
      drop(entries);
    }
  }

  /** Drops the next entry of {@code entries} unless it is kept. */
  private void drop(Iterator<Object> entries) {
    drop(entries, entries.next());
  }

  private void drop(Iterator<Object> entries, Object entry) {
    Frame frame = unwrap(entry);
    if (!(entry instanceof Kept) && frame instanceof Frame.Message dropped) {
      entries.remove();
      if (entry == timed) {
        timed = null;
      }
      waitingBytes -= dropped.size();
      QUEUED_BYTES.getAndAdd(this, (long) -dropped.size());
      counters.dropped(DropReason.QUEUE_FULL);
    }
  }

  private static Frame unwrap(Object entry) {
    if (entry instanceof Kept kept) {
      return kept.frame();
    }
    return entry instanceof Droppable droppable ? droppable.frame() : (Frame) entry;
  }

  private void discardQueued() {
    if (queue != null) {
      long discarded = 0;
      for (Object entry : queue) {
        discarded += unwrap(entry).size();
      }
      queue.clear();
      timed = null;
      waitingBytes = 0;
      QUEUED_BYTES.getAndAdd(this, -discarded);
    }
  }
}
