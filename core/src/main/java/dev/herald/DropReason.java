package dev.herald;

/** Tells why a message was not delivered; {@link Stats#drops()} counts drops by reason. */
public enum DropReason {
  /** The target connection was closing or closed. */
  CLOSED,
  /** No connection with the target id exists on this node. */
  UNKNOWN_CONNECTION,
  /** An inbound message could not be decoded and never reached the application. */
  UNDECODABLE,
  /** The target's send queue was over its limit (DROP_NEWEST, DROP_OLDEST or a volatile send). */
  QUEUE_FULL,
  /** An inbound message was over the connection's rate limit. */
  RATE_LIMITED,
  /**
   * A message from another node had no payload for the connection's protocol: that node does not
   * serve the protocol (a rolling deploy that adds one).
   */
  NO_PAYLOAD
}
