package dev.herald;

import java.util.Objects;

/**
 * Bounds what one connection may hold unsent: the bytes waiting in Herald's queue plus those its
 * transport has not yet written to the socket. A slow reader cannot grow the heap past it.
 *
 * <p>Instances are immutable.
 *
 * @param limit the most bytes a connection may hold unsent (default 1 MiB)
 * @param overflow what happens to a message that would go over the limit (default {@link
 *     Overflow#DISCONNECT})
 */
public record OutboundPolicy(long limit, Overflow overflow) {
  /** The default limit: 1 MiB. */
  public static final long DEFAULT_LIMIT = 1 << 20;

  /** Checks the values. */
  public OutboundPolicy {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit <= 0: " + limit);
    }
    Objects.requireNonNull(overflow, "overflow");
  }

  /** Returns the defaults: 1 MiB, then disconnect. */
  public static OutboundPolicy defaults() {
    return new OutboundPolicy(DEFAULT_LIMIT, Overflow.DISCONNECT);
  }

  /** Returns a policy with a limit of {@code bytes} that disconnects on overflow. */
  public static OutboundPolicy limit(long bytes) {
    return new OutboundPolicy(bytes, Overflow.DISCONNECT);
  }

  /** Returns this policy with {@code overflow} as what happens over the limit. */
  public OutboundPolicy onOverflow(Overflow overflow) {
    return new OutboundPolicy(limit, overflow);
  }
}
