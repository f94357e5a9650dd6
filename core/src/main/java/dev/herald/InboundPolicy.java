package dev.herald;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Limits what a peer may send: the size of a message, the rate of messages, and what a message the
 * codec cannot decode does.
 *
 * <pre>{@code
 * InboundPolicy.defaults().maxMessageSize(64 * 1024).rate(50, 200)
 * InboundPolicy.defaults().unlimitedRate()   // for peers that may send as fast as they like
 * }</pre>
 *
 * <p>Instances are immutable; each method that takes a value returns a new policy.
 */
public final class InboundPolicy {
  private static final InboundPolicy DEFAULTS =
      new InboundPolicy(1 << 20, 100, 1000, Action.CLOSE, Action.REPLY);

  /** Tells what a message that breaks a rule does. */
  public enum Action {
    /** Drops the message; the connection stays open. */
    DROP,
    /** Drops the message and sends the manager's error reply; the connection stays open. */
    REPLY,
    /**
     * Closes the connection: 1008 over the rate; 1007 for an undecodable text frame, 1003 for an
     * undecodable binary frame.
     */
    CLOSE
  }

  private final int maxMessageSize;
  private final int messagesPerSecond;
  private final int burst;
  private final Action overRate;
  private final Action undecodable;

  private InboundPolicy(
      int maxMessageSize, int messagesPerSecond, int burst, Action overRate, Action undecodable) {
    this.maxMessageSize = maxMessageSize;
    this.messagesPerSecond = messagesPerSecond;
    this.burst = burst;
    this.overRate = overRate;
    this.undecodable = undecodable;
  }

  /**
   * Returns the defaults: messages up to 1 MiB, 100 per second with bursts of 1,000, then close
   * with 1008; an undecodable message gets the manager's error reply.
   */
  public static InboundPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns this policy with the largest inbound message set to {@code bytes}: a larger one closes
   * the connection with 1009 before it is read in full.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public InboundPolicy maxMessageSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxMessageSize <= 0: " + bytes);
    }
    return new InboundPolicy(bytes, messagesPerSecond, burst, overRate, undecodable);
  }

  /**
   * Returns this policy allowing {@code perSecond} messages per connection, with bursts of {@code
   * burst}.
   *
   * @throws IllegalArgumentException if {@code perSecond} or {@code burst} is not positive
   */
  public InboundPolicy rate(int perSecond, int burst) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("perSecond <= 0: " + perSecond);
    }
    if (burst <= 0) {
      throw new IllegalArgumentException("burst <= 0: " + burst);
    }
    return new InboundPolicy(maxMessageSize, perSecond, burst, overRate, undecodable);
  }

  /** Returns this policy with no limit on the rate of messages. */
  public InboundPolicy unlimitedRate() {
    return new InboundPolicy(maxMessageSize, 0, burst, overRate, undecodable);
  }

  /**
   * Returns this policy with {@code action} for messages over the rate: DROP or CLOSE.
   *
   * @throws IllegalArgumentException for REPLY
   */
  public InboundPolicy onOverRate(Action action) {
    if (Objects.requireNonNull(action, "action") == Action.REPLY) {
      throw new IllegalArgumentException("overRate may be DROP or CLOSE, not REPLY");
    }
    return new InboundPolicy(maxMessageSize, messagesPerSecond, burst, action, undecodable);
  }

  /** Returns this policy with {@code action} for messages the codec cannot decode. */
  public InboundPolicy onUndecodable(Action action) {
    return new InboundPolicy(
        maxMessageSize,
        messagesPerSecond,
        burst,
        overRate,
        Objects.requireNonNull(action, "action"));
  }

  /** Returns the largest inbound message, in bytes (default 1 MiB). */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Returns the sustained rate of messages a connection may send; 0 for no limit (default 100). */
  public int messagesPerSecond() {
    return messagesPerSecond;
  }

  /** Returns how many messages a connection may send at once above the rate (default 1,000). */
  public int burst() {
    return burst;
  }

  /** Returns what a message over the rate does (default CLOSE). */
  public Action overRate() {
    return overRate;
  }

  /** Returns what a message the codec cannot decode does (default REPLY). */
  public Action undecodable() {
    return undecodable;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof InboundPolicy other
        && maxMessageSize == other.maxMessageSize
        && messagesPerSecond == other.messagesPerSecond
        && burst == other.burst
        && overRate == other.overRate
        && undecodable == other.undecodable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxMessageSize, messagesPerSecond, burst, overRate, undecodable);
  }

  @Override
  public String toString() {
    return "InboundPolicy[max "
        + maxMessageSize
        + " bytes, "
        + (messagesPerSecond == 0 ? "unlimited rate" : messagesPerSecond + "/s burst " + burst)
        + ", over rate "
        + overRate
        + ", undecodable "
        + undecodable
        + "]";
  }
}
