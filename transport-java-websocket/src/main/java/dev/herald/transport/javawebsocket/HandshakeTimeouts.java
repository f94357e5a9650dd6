package dev.herald.transport.javawebsocket;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes the connections of one server whose handshake did not complete within the policy's
 * timeout, counted from the accepted socket. Connections are queued in the order they were
 * accepted, so that with one timeout for all their deadlines come in the same order: a sweep looks
 * at the expired ones only. The sweep runs on the selector thread, the only one that may close a
 * socket; a single timer thread for the whole server asks the {@link SelectorPump} for it, and only
 * while handshakes are pending, instead of a timer per connection.
 *
 * <p>This class is thread-safe: {@link #add} and {@link #sweep} run on the selector thread, the
 * timer on its own.
 */
final class HandshakeTimeouts implements AutoCloseable {
  private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Duration timeout;
  private final long timeoutNanos;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private volatile boolean any;
  private @Nullable ScheduledExecutorService timer;
  private boolean closed;

  HandshakeTimeouts(Duration timeout) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
  }

  /** A connection accepted at {@code acceptedAt}, in {@link System#nanoTime()}. */
  private record Pending(StreamChannel channel, long acceptedAt) {}

  /** Starts the timer that has {@code pump} sweep; once, on the selector thread. */
  synchronized void start(SelectorPump pump) {
    if (timer != null || closed) {
      return;
    }
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "herald-handshake-timeouts");
              thread.setDaemon(true);
              return thread;
            });
    // A quarter of the timeout: a handshake is closed at most 25% late.
    long period = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, timeoutNanos / 4));
    started.scheduleWithFixedDelay(
        () -> {
          if (any) {
            pump.sweep();
          }
        },
        period,
        period,
        TimeUnit.NANOSECONDS);
    timer = started;
  }

  /** Starts the clock of a connection just accepted; on the selector thread. */
  void add(StreamChannel channel) {
    pending.add(new Pending(channel, System.nanoTime()));
    any = true;
  }

  /** Closes the connections whose handshake is late; on the selector thread. */
  void sweep() {
    long now = System.nanoTime();
    Pending head;
    while ((head = pending.peek()) != null && now - head.acceptedAt() >= timeoutNanos) {
      pending.poll();
      head.channel().handshakeTimedOut(timeout);
    }
    any = !pending.isEmpty();
  }

  @Override
  public synchronized void close() {
    closed = true;
    ScheduledExecutorService running = timer;
    if (running != null) {
      running.shutdownNow();
    }
  }
}
