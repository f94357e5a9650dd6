package dev.herald;

/** Tells whether this node reaches the other nodes: what {@link Stats#broker()} reports. */
public enum BrokerState {
  /** The manager has no broker: it is a single node. */
  NONE,
  /** The broker has not reached its store yet since it started. */
  CONNECTING,
  /** The broker reaches its store: messages cross to the other nodes. */
  CONNECTED,
  /**
   * The broker lost its store: this node serves its own connections, and what crosses nodes is lost
   * (counted, and reported as gaps) until it is back.
   */
  DISCONNECTED
}
