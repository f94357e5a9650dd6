package dev.herald;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bounds what a reader may fail to take: the bytes queued for a connection while its socket is
 * full. A slow reader cannot grow the heap past it. The limit measures the reader, not the server's
 * own pace: it applies once the transport finds the socket full, to what waits behind the frame
 * being written, and a message into an empty queue is always taken, so that a burst the reader
 * keeps up with (two messages of the largest inbound size, or forty of 64 KiB, back to back) closes
 * no one. The transport may hold one write buffer more (64 KiB on Netty and Java-WebSocket) that it
 * took and the socket refused.
 *
 * <pre>{@code
 * OutboundPolicy.defaults().limit(1 << 20).onOverflow(Overflow.DROP_OLDEST)
 * }</pre>
 *
 * <p>Instances are immutable; each method that takes a value returns a new policy.
 */
public final class OutboundPolicy {
  private static final OutboundPolicy DEFAULTS = new OutboundPolicy(1 << 20, Overflow.DISCONNECT);

  private final long limit;
  private final Overflow overflow;

  private OutboundPolicy(long limit, Overflow overflow) {
    this.limit = limit;
    this.overflow = overflow;
  }

  /** Returns the defaults: 1 MiB, then disconnect. */
  public static OutboundPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns this policy with at most {@code bytes} queued per connection.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public OutboundPolicy limit(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("limit <= 0: " + bytes);
    }
    return new OutboundPolicy(bytes, overflow);
  }

  /** Returns this policy with {@code overflow} as what happens to a message over the limit. */
  public OutboundPolicy onOverflow(Overflow overflow) {
    return new OutboundPolicy(limit, Objects.requireNonNull(overflow, "overflow"));
  }

  /** Returns the most bytes a connection may hold queued (default 1 MiB). */
  public long limit() {
    return limit;
  }

  /** Returns what happens to a message that would go over the limit (default DISCONNECT). */
  public Overflow overflow() {
    return overflow;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OutboundPolicy other && limit == other.limit && overflow == other.overflow;
  }

  @Override
  public int hashCode() {
    return Objects.hash(limit, overflow);
  }

  @Override
  public String toString() {
    return "OutboundPolicy[limit " + limit + " bytes, " + overflow + "]";
  }
}
