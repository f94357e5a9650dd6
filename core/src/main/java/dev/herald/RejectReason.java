package dev.herald;

/** Tells why a handshake was refused; {@link Stats#rejections()} counts them by reason. */
public enum RejectReason {
  /** The manager is shutting down (503). */
  DRAINING,
  /** The Origin header is not on the allow-list (403). */
  ORIGIN,
  /** Handshakes arrive faster than the connect-rate limit (429). */
  CONNECT_RATE,
  /** The node holds its maximum of connections (503). */
  NODE_LIMIT,
  /** The client holds its maximum of connections (429). */
  CLIENT_LIMIT,
  /** The authenticator refused the handshake, or failed. */
  AUTHENTICATION
}
