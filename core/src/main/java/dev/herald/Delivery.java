package dev.herald;

/** Overrides, for one send, how the outbound policy treats a message. */
public enum Delivery {
  /** As the manager's {@link OutboundPolicy} says. */
  STANDARD,
  /**
   * May be dropped when the queue is over its limit, whatever the policy: never closes the
   * connection. For updates the next one supersedes, like a price tick.
   */
  VOLATILE,
  /** Never dropped and never counted against the limit. For rare control messages. */
  CONTROL
}
