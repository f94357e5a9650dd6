package dev.herald;

/** Tells what happens to a message that would take a connection's send queue over its limit. */
public enum Overflow {
  /**
   * Closes the connection with 1008 and a reason naming the limit, then drops its socket: a peer
   * that stopped reading would never read the close frame either.
   */
  DISCONNECT,
  /** Drops the new message; the connection stays open. */
  DROP_NEWEST,
  /**
   * Drops the oldest messages still waiting in Herald's queue until the new one fits; drops the new
   * one if they are not enough. For feeds where only the latest value matters.
   */
  DROP_OLDEST
}
