package dev.herald;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Finds dead peers: a connection silent for {@link #interval()} gets a ping; one that then sends
 * nothing, neither a pong nor any other frame, for {@link #timeout()} is closed with 4408
 * "heartbeat timeout" and its socket dropped.
 *
 * <pre>{@code
 * HeartbeatPolicy.defaults().interval(Duration.ofSeconds(25)).timeout(Duration.ofSeconds(10))
 * }</pre>
 *
 * <p>Instances are immutable; each method that takes a value returns a new policy.
 */
public final class HeartbeatPolicy {
  private static final HeartbeatPolicy DEFAULTS =
      new HeartbeatPolicy(Duration.ofSeconds(25), Duration.ofSeconds(10));
  private static final HeartbeatPolicy DISABLED = new HeartbeatPolicy(Duration.ZERO, Duration.ZERO);

  private final Duration interval;
  private final Duration timeout;

  private HeartbeatPolicy(Duration interval, Duration timeout) {
    this.interval = interval;
    this.timeout = timeout;
  }

  /** Returns the defaults: ping after 25 s of silence, close 10 s later. */
  public static HeartbeatPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a policy that sends no heartbeat and never closes an idle connection. */
  public static HeartbeatPolicy disabled() {
    return DISABLED;
  }

  /**
   * Returns this policy pinging after {@code interval} of silence (the timeout of a disabled policy
   * becomes the default's).
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public HeartbeatPolicy interval(Duration interval) {
    checkPositive("interval", interval);
    return new HeartbeatPolicy(interval, enabled() ? timeout : DEFAULTS.timeout);
  }

  /**
   * Returns this policy giving a pinged connection {@code timeout} to answer.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   * @throws IllegalStateException if this policy is disabled
   */
  public HeartbeatPolicy timeout(Duration timeout) {
    checkPositive("timeout", timeout);
    if (!enabled()) {
      throw new IllegalStateException("a disabled heartbeat has no timeout: set an interval first");
    }
    return new HeartbeatPolicy(interval, timeout);
  }

  /** Returns how long a connection may be silent before it is pinged; zero if disabled. */
  public Duration interval() {
    return interval;
  }

  /** Returns how long a pinged connection has to answer; zero if disabled. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns whether heartbeats are on. */
  public boolean enabled() {
    return !interval.isZero();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HeartbeatPolicy other
        && interval.equals(other.interval)
        && timeout.equals(other.timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, timeout);
  }

  @Override
  public String toString() {
    return enabled()
        ? "HeartbeatPolicy[interval " + interval + ", timeout " + timeout + "]"
        : "HeartbeatPolicy[disabled]";
  }

  private static void checkPositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " <= 0: " + value);
    }
  }
}
