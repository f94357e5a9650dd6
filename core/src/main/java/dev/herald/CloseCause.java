package dev.herald;

/** Tells why a connection ended; {@link Stats#closes()} counts closes by cause. */
public enum CloseCause {
  /** The peer closed the connection. */
  PEER,
  /** The application closed it through {@link ConnectionManager#close}. */
  APPLICATION,
  /** The manager shut down. */
  SHUTDOWN,
  /** The handshake was refused; the connection never opened or was closed at once. */
  REJECTED,
  /** The peer sent a message over the size limit (close code 1009). */
  TOO_LARGE,
  /** The peer did not read fast enough: its send queue went over the limit (1008). */
  SLOW_CONSUMER,
  /** The peer did not answer a heartbeat in time (4408). */
  HEARTBEAT_TIMEOUT,
  /** The peer sent messages faster than the inbound rate limit (1008). */
  RATE_LIMITED,
  /** The peer sent a message the codec could not decode, and the policy closes for that. */
  UNDECODABLE,
  /** The peer broke the WebSocket protocol, for example with invalid UTF-8 in a text frame. */
  PROTOCOL_ERROR,
  /** The connection failed: a network error or an abnormal close without a close frame. */
  ERROR
}
