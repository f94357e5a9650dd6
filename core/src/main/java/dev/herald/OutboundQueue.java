package dev.herald;

import dev.herald.spi.Frame;
import dev.herald.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;

/**
 * One connection's send queue: hands frames to the transport while it holds less than a window,
 * keeps the rest in a bounded queue of its own, and applies the overflow policy there. Herald's
 * own queue is what makes {@link Overflow#DROP_OLDEST} possible: frames already handed to a
 * transport cannot be taken back.
 *
 * <p>Lock-free. Only the thread that holds the drain flag hands frames to the transport, which
 * keeps them in the order they were offered.
 */
final class OutboundQueue {
  /** Bytes a transport may hold before Herald queues instead: enough to keep a socket busy. */
  static final long WINDOW = 64 * 1024;

  enum Result {
    QUEUED,
    DROPPED,
    OVERFLOW,
    CLOSED
  }

  private record Entry(Frame frame, boolean control) {}

  private final Transport transport;
  private final OutboundPolicy policy;
  private final Counters counters;
  private final long window;
  // A healthy connection never queues here: the deque is made on first use, and the counters are
  // fields behind VarHandles, not objects, because memory per connection limits a node.
  private volatile @Nullable Deque<Entry> pending;
  private volatile long pendingBytes;
  private volatile boolean draining;
  private volatile boolean closed;
  private volatile @Nullable CloseStatus closeAfterPending;

  private static final VarHandle PENDING;
  private static final VarHandle PENDING_BYTES;
  private static final VarHandle DRAINING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PENDING = lookup.findVarHandle(OutboundQueue.class, "pending", Deque.class);
      PENDING_BYTES = lookup.findVarHandle(OutboundQueue.class, "pendingBytes", long.class);
      DRAINING = lookup.findVarHandle(OutboundQueue.class, "draining", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  OutboundQueue(Transport transport, OutboundPolicy policy, Counters counters) {
    this.transport = transport;
    this.policy = policy;
    this.counters = counters;
    this.window = Math.min(WINDOW, policy.limit());
  }

  /** Returns the bytes held unsent: in this queue and in the transport. */
  long queuedBytes() {
    return pendingBytes + transport.bufferedBytes();
  }

  Result offer(Frame frame, Delivery delivery) {
    if (closed) {
      return Result.CLOSED;
    }
    int size = frame.size();
    if (delivery != Delivery.CONTROL && queuedBytes() + size > policy.limit()) {
      Overflow overflow = policy.overflow();
      if (delivery == Delivery.VOLATILE && overflow == Overflow.DISCONNECT) {
        overflow = Overflow.DROP_NEWEST;
      }
      if (overflow == Overflow.DISCONNECT) {
        return Result.OVERFLOW;
      }
      if (overflow == Overflow.DROP_NEWEST || !dropOldest(size)) {
        return Result.DROPPED;
      }
    }
    if (sentDirectly(frame)) {
      return closed ? Result.CLOSED : Result.QUEUED;
    }
    deque().add(new Entry(frame, delivery == Delivery.CONTROL));
    PENDING_BYTES.getAndAdd(this, (long) size);
    drain();
    return closed ? Result.CLOSED : Result.QUEUED;
  }

  /**
   * Closes the transport once every frame queued before has been handed to it, so that a close
   * never overtakes the messages sent before it.
   */
  void closeAfterPending(int code, String reason) {
    closeAfterPending = new CloseStatus(code, reason, CloseCause.APPLICATION);
    drain();
  }

  /** Hands frames to the transport while it has room. Called by senders and on writability. */
  void drain() {
    while (DRAINING.compareAndSet(this, false, true)) {
      try {
        Entry entry;
        while (!closed && transport.bufferedBytes() < window && (entry = poll()) != null) {
          PENDING_BYTES.getAndAdd(this, (long) -entry.frame().size());
          if (!transport.send(entry.frame())) {
            counters.dropped(DropReason.CLOSED);
            discard();
          }
        }
        CloseStatus close = closeAfterPending;
        if (close != null && !closed && isEmpty()) {
          closed = true;
          transport.close(close.code(), close.reason());
        }
      } finally {
        draining = false;
      }
      // A frame offered, or room made, after the loop above looked but before the flag was
      // cleared would otherwise wait for the next offer or writability event.
      if (closed || (isEmpty() && closeAfterPending == null) || transport.bufferedBytes() >= window) {
        return;
      }
    }
  }

  /** Drops everything queued: the connection is closing or closed. */
  void discard() {
    closed = true;
    Entry entry;
    while ((entry = poll()) != null) {
      PENDING_BYTES.getAndAdd(this, (long) -entry.frame().size());
    }
  }

  /** The common case: nothing queued and room in the transport, so no queue entry at all. */
  private boolean sentDirectly(Frame frame) {
    if (!isEmpty() || !DRAINING.compareAndSet(this, false, true)) {
      return false;
    }
    boolean sent = false;
    try {
      if (isEmpty() && transport.bufferedBytes() < window) {
        sent = true;
        if (!transport.send(frame)) {
          discard();
        }
      }
    } finally {
      draining = false;
    }
    if (sent && !isEmpty()) {
      drain();
    }
    return sent;
  }

  /** Returns whether nothing waits here; reads one volatile field in the common case. */
  private boolean isEmpty() {
    Deque<Entry> queue = pending;
    return queue == null || queue.isEmpty();
  }

  private @Nullable Entry poll() {
    Deque<Entry> queue = pending;
    return queue == null ? null : queue.poll();
  }

  private Deque<Entry> deque() {
    Deque<Entry> queue = pending;
    if (queue == null) {
      PENDING.compareAndSet(this, null, new ConcurrentLinkedDeque<Entry>());
      queue = pending;
    }
    return queue;
  }

  private boolean dropOldest(int needed) {
    Deque<Entry> queue = deque();
    Iterator<Entry> oldestFirst = queue.iterator();
    while (queuedBytes() + needed > policy.limit() && oldestFirst.hasNext()) {
      Entry entry = oldestFirst.next();
      if (!entry.control() && queue.removeFirstOccurrence(entry)) {
        PENDING_BYTES.getAndAdd(this, (long) -entry.frame().size());
        counters.dropped(DropReason.QUEUE_FULL);
      }
    }
    return queuedBytes() + needed <= policy.limit();
  }
}
