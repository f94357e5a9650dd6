package dev.herald;

import java.time.Duration;

/**
 * Finds dead peers: a connection idle for {@link #interval} gets a ping; one that then sends
 * nothing, neither a pong nor any other frame, for {@link #timeout} is closed with 4408 "heartbeat
 * timeout" and its socket dropped.
 *
 * <p>Instances are immutable.
 *
 * @param interval how long a connection may be silent before it is pinged (default 25 s)
 * @param timeout how long a pinged connection has to answer (default 10 s)
 */
public record HeartbeatPolicy(Duration interval, Duration timeout) {
  private static final HeartbeatPolicy DISABLED = new HeartbeatPolicy(Duration.ZERO, Duration.ZERO);

  /** Checks the values. */
  public HeartbeatPolicy {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval < 0: " + interval);
    }
    if (timeout.isNegative() || (timeout.isZero() != interval.isZero())) {
      throw new IllegalArgumentException("timeout must be > 0 with an interval: " + timeout);
    }
  }

  /** Returns the defaults: ping after 25 s of silence, close 10 s later. */
  public static HeartbeatPolicy defaults() {
    return new HeartbeatPolicy(Duration.ofSeconds(25), Duration.ofSeconds(10));
  }

  /** Returns a policy that pings after {@code interval} of silence, with the default timeout. */
  public static HeartbeatPolicy every(Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval <= 0: " + interval);
    }
    return new HeartbeatPolicy(interval, defaults().timeout());
  }

  /** Returns a policy that sends no heartbeat and never closes an idle connection. */
  public static HeartbeatPolicy disabled() {
    return DISABLED;
  }

  /** Returns this policy with the time a pinged connection has to answer set to {@code timeout}. */
  public HeartbeatPolicy timeout(Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    return new HeartbeatPolicy(interval, timeout);
  }

  /** Returns whether heartbeats are on. */
  public boolean enabled() {
    return !interval.isZero();
  }
}
