package dev.herald.spi;

import dev.herald.Gap;

/**
 * Carries envelopes and controls between the nodes of a cluster. The node that sends a message
 * delivers it to its own connections itself; the broker only reaches the others. A manager without
 * one serves a single node and builds no envelope.
 *
 * <p>Delivery is at most once, and loss is never silent: a broker numbers what each node sends on
 * each route, and reports what the receiving node missed as a {@link Gap}, within a bounded time
 * even when nothing follows the loss. What a node fails to hand over is reported to it through
 * {@link Receiver#publishFailed}.
 *
 * <p>Implementations must be thread-safe, and every method but {@link #start} and {@link #close}
 * must never block: they are called from application and I/O threads.
 */
public interface Broker {

  /**
   * Starts delivering what other nodes publish to {@code receiver}. Called once, by the manager
   * that uses this broker, before anything else.
   */
  void start(String nodeId, Receiver receiver);

  /**
   * Sends {@code envelope} to the other nodes it addresses: every node for {@link
   * Envelope.Kind#ALL}, the nodes with members for a topic, the nodes holding the client for {@link
   * Envelope.Kind#CLIENT}, the envelope's node for {@link Envelope.Kind#CONNECTION}. A failure is
   * reported, never thrown.
   */
  void publish(Envelope envelope);

  /**
   * Sends {@code control} to the other nodes holding its client, or for {@link
   * Control.Action#LISTED} to its node. A failure is reported, never thrown.
   */
  void control(Control control);

  /**
   * Tells that this node's interest in {@code topic} may have changed. The broker asks {@link
   * Receiver#hasLocalMembers} when it acts on it, so calls that race settle on the latest state.
   */
  void interestChanged(String topic);

  /**
   * Tells that whether this node holds connections of {@code clientId} may have changed; the broker
   * asks {@link Receiver#holdsClient}, as for topics.
   */
  void clientChanged(String clientId);

  /** Stops delivering and releases what the broker holds. */
  void close();

  /**
   * Receives envelopes from other nodes. Implemented by the manager; thread-safe and non-blocking.
   */
  interface Receiver {

    /** Delivers an envelope that another node published to this node's connections. */
    void deliver(Envelope envelope);

    /** Acts on a control that another node sent. */
    void control(Control control);

    /** Returns whether any connection of this node has joined {@code topic}. */
    boolean hasLocalMembers(String topic);

    /** Returns whether this node holds any connection of {@code clientId}. */
    boolean holdsClient(String clientId);

    /** Reports that messages another node sent to this one were lost. */
    void gap(Gap gap);

    /** Reports that the broker reaches the other nodes: first since it started, or again. */
    void connected();

    /** Reports that the broker lost what connects it to the other nodes. */
    void disconnected();

    /**
     * Reports that an envelope or control this node sent could not be handed to the other nodes, so
     * that the loss is counted where it happened as well as, as a gap, where it is missed.
     */
    void publishFailed();

    /**
     * Reports that an envelope this node published reached the store {@code nanos} after the
     * publish, for the manager's {@link dev.herald.Timings}. Brokers that learn of it call this.
     */
    default void published(long nanos) {}
  }
}
