package dev.herald;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bounds what one connection may hold unsent: the bytes queued for it and not yet written to its
 * socket. A slow reader cannot grow the heap past it. The transport may hold a little more in
 * buffers of its own (Netty: up to its write-buffer high water mark, 64 KiB by default).
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
