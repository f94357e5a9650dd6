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
  AUTHENTICATION,
  /**
   * The request was not a WebSocket handshake the server speaks: it failed to parse, or asked for
   * an old protocol version (400, or 426 for the version).
   */
  MALFORMED,
  /** The request line or the headers were over the {@link HandshakePolicy} limits (414, 431). */
  TOO_LARGE,
  /** The handshake did not complete within the {@link HandshakePolicy} timeout. */
  TIMEOUT
}
