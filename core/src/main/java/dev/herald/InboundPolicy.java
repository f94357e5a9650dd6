package dev.herald;

/**
 * Limits what a peer may send.
 *
 * <p>Instances are immutable.
 *
 * @param maxMessageSize the largest inbound message in bytes; a larger one closes the connection
 *     with 1009 while the server keeps serving everyone else
 */
public record InboundPolicy(int maxMessageSize) {
  /** The default limit on an inbound message: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

  /** Checks the values. */
  public InboundPolicy {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize <= 0: " + maxMessageSize);
    }
  }

  /** Returns the defaults: messages of up to 1 MiB. */
  public static InboundPolicy defaults() {
    return new InboundPolicy(DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** Returns this policy with the largest inbound message set to {@code bytes}. */
  public InboundPolicy maxMessageSize(int bytes) {
    return new InboundPolicy(bytes);
  }
}
