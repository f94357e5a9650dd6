package dev.herald;

import dev.herald.spi.Frame;
import dev.herald.spi.Transport;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
  private final Deque<Entry> pending = new ConcurrentLinkedDeque<>();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean closed;
  private volatile @Nullable CloseStatus closeAfterPending;

  OutboundQueue(Transport transport, OutboundPolicy policy, Counters counters) {
    this.transport = transport;
    this.policy = policy;
    this.counters = counters;
    this.window = Math.min(WINDOW, policy.limit());
  }

  /** Returns the bytes held unsent: in this queue and in the transport. */
  long queuedBytes() {
    return pendingBytes.get() + transport.bufferedBytes();
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
    pending.add(new Entry(frame, delivery == Delivery.CONTROL));
    pendingBytes.addAndGet(size);
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
    while (draining.compareAndSet(false, true)) {
      try {
        Entry entry;
        while (!closed && transport.bufferedBytes() < window && (entry = pending.poll()) != null) {
          pendingBytes.addAndGet(-entry.frame().size());
          if (!transport.send(entry.frame())) {
            counters.dropped(DropReason.CLOSED);
            discard();
          }
        }
        CloseStatus close = closeAfterPending;
        if (close != null && !closed && pending.isEmpty()) {
          closed = true;
          transport.close(close.code(), close.reason());
        }
      } finally {
        draining.set(false);
      }
      // A frame offered, or room made, after the loop above looked but before the flag was
      // cleared would otherwise wait for the next offer or writability event.
      if (closed || (pending.isEmpty() && closeAfterPending == null) || transport.bufferedBytes() >= window) {
        return;
      }
    }
  }

  /** Drops everything queued: the connection is closing or closed. */
  void discard() {
    closed = true;
    Entry entry;
    while ((entry = pending.poll()) != null) {
      pendingBytes.addAndGet(-entry.frame().size());
    }
  }

  /** The common case: nothing queued and room in the transport, so no queue entry at all. */
  private boolean sentDirectly(Frame frame) {
    if (!pending.isEmpty() || !draining.compareAndSet(false, true)) {
      return false;
    }
    boolean sent = false;
    try {
      if (pending.isEmpty() && transport.bufferedBytes() < window) {
        sent = true;
        if (!transport.send(frame)) {
          discard();
        }
      }
    } finally {
      draining.set(false);
    }
    if (sent && !pending.isEmpty()) {
      drain();
    }
    return sent;
  }

  private boolean dropOldest(int needed) {
    Iterator<Entry> oldestFirst = pending.iterator();
    while (queuedBytes() + needed > policy.limit() && oldestFirst.hasNext()) {
      Entry entry = oldestFirst.next();
      if (!entry.control() && pending.removeFirstOccurrence(entry)) {
        pendingBytes.addAndGet(-entry.frame().size());
        counters.dropped(DropReason.QUEUE_FULL);
      }
    }
    return queuedBytes() + needed <= policy.limit();
  }
}
