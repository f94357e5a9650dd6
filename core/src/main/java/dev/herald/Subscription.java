package dev.herald;

import dev.herald.spi.Frame;
import dev.herald.spi.History;
import dev.herald.spi.Position;
import dev.herald.spi.ServerFrame;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One connection's subscription to a topic with history, and the seam between what it missed and
 * the live stream. It joins the topic before it reads the history, so that every publication is
 * either in a read or delivered to it afterwards; while it catches up it holds the live ones back,
 * and then sends each offset once, in order: the history's, then the held ones after the last it
 * sent. A live publication whose offset skips ahead (a broker that lost one) starts a catch-up
 * again. The catch-up reads a few entries at a time, and waits whenever the connection holds half
 * its outbound limit, so that it never makes the connection a slow consumer.
 *
 * <p>This class is thread-safe. Its monitor guards the position and the held publications; the
 * frames sent under it are only queued, which never blocks.
 */
final class Subscription<T> {
  private record Held(Position position, Frame.Message frame) {}

  private final ManagedConnection<T> connection;
  private final Recovery<T> recovery;
  private final String topic;
  private final @Nullable Long request;
  private final @Nullable Position since;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean started;
  private boolean live;
  private boolean catchingUp;
  private boolean ended;
  private @Nullable String epoch;
  private long last;

  Subscription(
      ManagedConnection<T> connection,
      Recovery<T> recovery,
      String topic,
      @Nullable Long request,
      @Nullable Position since) {
    this.connection = connection;
    this.recovery = recovery;
    this.topic = topic;
    this.request = request;
    this.since = since;
    this.catchingUp = true;
  }

  String topic() {
    return topic;
  }

  /** Takes a live publication of the topic; the history hands them over in offset order. */
  synchronized void offer(Position position, Frame.Message frame) {
    if (ended) {
      return;
    }
    if (!live) {
      hold(position, frame);
      return;
    }
    if (!accept(position, frame)) {
      live = false;
      hold(position, frame);
      startCatchUp();
    }
  }

  /** Stops the subscription: nothing more is sent for it. */
  synchronized void end() {
    ended = true;
    held.clear();
    heldBytes = 0;
  }

  /** Reads the next part of the history, unless the connection must drain first. */
  void pump() {
    Position from;
    synchronized (this) {
      if (ended || !connection.isOpen()) {
        return;
      }
      from = started ? new Position(epochNow(), last) : since;
    }
    if (started && connection.queuedBytes() > recovery.pauseBytes()) {
      connection.link().whenDrained(recovery.pauseBytes(), () -> recovery.schedule(this));
      return;
    }
    recovery
        .read(topic, from)
        .whenComplete((window, error) -> recovery.execute(() -> apply(window, error)));
  }

  private synchronized void apply(History.@Nullable Window window, @Nullable Throwable error) {
    if (ended) {
      return;
    }
    if (window == null) {
      recovery.readFailed(this, started ? null : request, connection, error);
      return;
    }
    Position top = window.top();
    if (!started) {
      started = true;
      Position asked = since;
      if (asked == null) {
        restart(top, request, null);
      } else if (asked.epoch().equals(top.epoch()) && asked.offset() > top.offset()) {
        recovery.refuse(this, request, connection);
        return;
      } else if (!window.covered()) {
        recovery.missed();
        restart(top, request, false);
      } else {
        recovery.recovered();
        restart(asked, request, true);
        replay(window);
      }
    } else if (!window.covered() || !top.epoch().equals(epoch)) {
      recovery.missed();
      restart(top, null, false);
    } else {
      replay(window);
    }
    while (!held.isEmpty() && !connection.isOverPause(recovery.pauseBytes())) {
      Held next = held.peekFirst();
      if (next.position().epoch().equals(epoch) && next.position().offset() > last + 1) {
        break;
      }
      held.pollFirst();
      heldBytes -= next.frame().size();
      accept(next.position(), next.frame());
    }
    if (held.isEmpty() && last >= top.offset() && epochNow().equals(top.epoch())) {
      live = true;
      catchingUp = false;
    } else {
      recovery.schedule(this);
    }
  }

  private void replay(History.Window window) {
    for (History.Entry entry : window.entries()) {
      long offset = entry.position().offset();
      if (offset <= last) {
        continue;
      }
      if (offset > last + 1 || connection.isOverPause(recovery.pauseBytes())) {
        return;
      }
      Frame.Message frame = recovery.frame(connection, topic, entry);
      if (frame != null) {
        connection.deliverFrame(frame, Delivery.STANDARD);
      }
      last = offset;
      recovery.replayed();
    }
  }

  /** Sends {@code frame} if it is the next offset; returns false if offsets skip ahead. */
  private boolean accept(Position position, Frame.Message frame) {
    if (!position.epoch().equals(epoch)) {
      // The history lost the topic and started a new epoch: the client must know it missed some.
      recovery.missed();
      restart(new Position(position.epoch(), position.offset() - 1), null, false);
    }
    if (position.offset() <= last) {
      return true;
    }
    if (position.offset() > last + 1) {
      return false;
    }
    connection.deliverFrame(frame, Delivery.STANDARD);
    last = position.offset();
    return true;
  }

  private void restart(Position from, @Nullable Long id, @Nullable Boolean recovered) {
    epoch = from.epoch();
    last = from.offset();
    connection.reply(new ServerFrame.Subscribed(id, topic, from, recovered));
  }

  private void hold(Position position, Frame.Message frame) {
    held.addLast(new Held(position, frame));
    heldBytes += frame.size();
    if (heldBytes > recovery.pauseBytes()) {
      // What is held is in the history too: the catch-up reads it again rather than hold it all.
      held.clear();
      heldBytes = 0;
    }
  }

  private void startCatchUp() {
    if (!catchingUp) {
      catchingUp = true;
      recovery.schedule(this);
    }
  }

  private String epochNow() {
    String now = epoch;
    return now == null ? "" : now;
  }
}
