package dev.herald;

import dev.herald.spi.Frame;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Visits every connection once per tick of the manager's one scheduled task: pings the silent ones,
 * closes those that did not answer, and drops the sockets of closes that never completed. One pass
 * is a read of a few fields per connection; no task is scheduled per connection.
 */
final class HeartbeatSweep<T> {
  private final HeartbeatPolicy policy;
  private final long interval;
  private final long timeout;
  private final long closeTimeout;

  HeartbeatSweep(HeartbeatPolicy policy, long closeTimeoutNanos) {
    this.policy = policy;
    this.interval = policy.interval().toNanos();
    this.timeout = policy.timeout().toNanos();
    this.closeTimeout = closeTimeoutNanos;
  }

  /** Returns how often to sweep: often enough to close within a quarter of the timeout late. */
  Duration tick() {
    if (!policy.enabled()) {
      return Duration.ofSeconds(1);
    }
    long quarter = Math.min(interval, timeout) / 4;
    return Duration.ofNanos(Math.max(10_000_000L, Math.min(quarter, 1_000_000_000L)));
  }

  /**
   * Visits one connection.
   *
   * @param applicationPing the ping to send as a message, encoded once per sweep; null to send
   *     protocol pings
   */
  void visit(ManagedConnection<T> connection, long now, @Nullable Outgoing<T> applicationPing) {
    long closingSince = connection.closingSince();
    if (closingSince >= 0) {
      if (now - closingSince >= closeTimeout) {
        connection.abort();
      }
      return;
    }
    if (!policy.enabled()) {
      return;
    }
    long seen = connection.lastSeen();
    long pinged = connection.pingSentAt();
    if (pinged > seen) {
      if (now - pinged >= timeout) {
        connection.terminate(
            CloseCause.HEARTBEAT_TIMEOUT,
            4408,
            "heartbeat timeout: no answer within " + policy.timeout().toMillis() + " ms");
      }
    } else if (now - seen >= interval && now - pinged >= interval) {
      Frame.Message protocolPing = connection.protocolPing();
      if (protocolPing != null) {
        // Clients of the Herald protocol get its ping: a browser cannot see protocol pings.
        connection.pinged(now);
        connection.deliverFrame(protocolPing, Delivery.CONTROL);
      } else if (applicationPing == null) {
        connection.ping(now);
      } else {
        connection.pinged(now);
        connection.deliver(applicationPing, Delivery.CONTROL);
      }
    }
  }
}
