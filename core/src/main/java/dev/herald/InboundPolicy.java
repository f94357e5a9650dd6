package dev.herald;

import java.util.Objects;

/**
 * Limits what a peer may send.
 *
 * <p>Instances are immutable.
 *
 * @param maxMessageSize the largest inbound message in bytes (default 1 MiB); a larger one closes
 *     the connection with 1009 while the server keeps serving everyone else
 * @param messagesPerSecond the sustained rate of messages a connection may send; 0 for no limit
 *     (default 100)
 * @param burst how many messages a connection may send at once above the rate (default 1,000)
 * @param overRate what a message over the rate does (default {@link Action#CLOSE}: 1008 "rate
 *     limit")
 * @param undecodable what a message the codec cannot decode does (default {@link Action#REPLY}: the
 *     manager's error reply, if it has one, and the connection stays open)
 */
public record InboundPolicy(
    int maxMessageSize, int messagesPerSecond, int burst, Action overRate, Action undecodable) {
  /** The default limit on an inbound message: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

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

  /** Checks the values. */
  public InboundPolicy {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize <= 0: " + maxMessageSize);
    }
    if (messagesPerSecond < 0) {
      throw new IllegalArgumentException("messagesPerSecond < 0: " + messagesPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst < 1: " + burst);
    }
    Objects.requireNonNull(overRate, "overRate");
    Objects.requireNonNull(undecodable, "undecodable");
    if (overRate == Action.REPLY) {
      throw new IllegalArgumentException("overRate may be DROP or CLOSE, not REPLY");
    }
  }

  /** Returns the defaults: 1 MiB messages, 100 per second with bursts of 1,000, then close. */
  public static InboundPolicy defaults() {
    return new InboundPolicy(DEFAULT_MAX_MESSAGE_SIZE, 100, 1000, Action.CLOSE, Action.REPLY);
  }

  /** Returns this policy with the largest inbound message set to {@code bytes}. */
  public InboundPolicy maxMessageSize(int bytes) {
    return new InboundPolicy(bytes, messagesPerSecond, burst, overRate, undecodable);
  }

  /** Returns this policy with a rate of {@code perSecond} messages and bursts of {@code burst}. */
  public InboundPolicy rate(int perSecond, int burst) {
    return new InboundPolicy(maxMessageSize, perSecond, burst, overRate, undecodable);
  }

  /** Returns this policy with no limit on the rate of messages. */
  public InboundPolicy unlimitedRate() {
    return rate(0, burst);
  }

  /** Returns this policy with {@code action} for messages over the rate: DROP or CLOSE. */
  public InboundPolicy onOverRate(Action action) {
    return new InboundPolicy(maxMessageSize, messagesPerSecond, burst, action, undecodable);
  }

  /** Returns this policy with {@code action} for messages the codec cannot decode. */
  public InboundPolicy onUndecodable(Action action) {
    return new InboundPolicy(maxMessageSize, messagesPerSecond, burst, overRate, action);
  }
}
