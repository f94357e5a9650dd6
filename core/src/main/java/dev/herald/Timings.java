package dev.herald;

/**
 * Receives the durations a manager measures, for a metrics library to record: herald-micrometer's
 * {@code HeraldTimers} makes Micrometer timers of them. Every method has an empty default, and a
 * manager without timings measures nothing.
 *
 * <p>Implementations must be thread-safe and quick: the methods run on the paths they measure, on a
 * transport's I/O thread, the heartbeat sweep, the thread that broadcasts, a broker's thread. Never
 * block there.
 */
public interface Timings {

  /**
   * A message waited {@code nanos} in a connection's queue, from the send until the transport took
   * it to write: what a slow reader makes the messages behind it wait. Sampled: each connection
   * times its first message and one in 64 after it, and at most one at a time.
   */
  default void queued(long nanos) {}

  /**
   * A broadcast, a publish or a send to a client took {@code nanos} to queue one message for its
   * {@code targets} on this node, from this node or arriving from another.
   */
  default void fannedOut(int targets, long nanos) {}

  /** A protocol ping was answered after {@code nanos}. */
  default void pinged(long nanos) {}

  /**
   * The broker took {@code nanos} to hand a message to the other nodes: from the publish to the
   * store's acknowledgement. Reported by brokers that learn of it, such as Redis's.
   */
  default void published(long nanos) {}
}
