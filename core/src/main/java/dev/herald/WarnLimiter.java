package dev.herald;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs one kind of anomaly that a peer can cause at will (refused handshakes, accept failures) at
 * WARN at most once per interval, the rest at DEBUG, so that an attack or a node at its limits
 * fills the counters and not the log. The next WARN says how many were held back.
 *
 * <p>This class is thread-safe.
 */
final class WarnLimiter {
  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextWarn;
  private final AtomicLong heldBack = new AtomicLong();

  WarnLimiter(Logger log, long intervalNanos, long now) {
    this.log = log;
    this.intervalNanos = intervalNanos;
    this.nextWarn = new AtomicLong(now);
  }

  /** Logs {@code message} with {@code args} at WARN if the interval has passed, else at DEBUG. */
  void log(long now, String message, Object... args) {
    long due = nextWarn.get();
    if (now - due >= 0 && nextWarn.compareAndSet(due, now + intervalNanos)) {
      long held = heldBack.getAndSet(0);
      if (held > 0) {
        log.warn(message + " ({} more since the last such WARN, at DEBUG)", append(args, held));
      } else {
        log.warn(message, args);
      }
    } else {
      heldBack.incrementAndGet();
      log.debug(message, args);
    }
  }

  private static Object[] append(Object[] args, long held) {
    Object[] all = new Object[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = held;
    return all;
  }
}
