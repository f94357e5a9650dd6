package dev.herald.spi;

/**
 * Carries envelopes between the nodes of a cluster. The node that sends a message delivers it to
 * its own connections itself; the broker only reaches the others. A manager without one serves a
 * single node and builds no envelope.
 *
 * <p>Implementations must be thread-safe, and {@link #publish} and {@link #interestChanged} must
 * never block: they are called from application and I/O threads.
 */
public interface Broker {

  /**
   * Starts delivering what other nodes publish to {@code receiver}. Called once, by the manager
   * that uses this broker, before anything else.
   */
  void start(String nodeId, Receiver receiver);

  /**
   * Sends {@code envelope} to the other nodes it addresses: every node for {@link
   * Envelope.Kind#ALL}, the nodes with members for a topic, the envelope's node otherwise. Delivery
   * is at most once; a failure is reported as a gap, never thrown.
   */
  void publish(Envelope envelope);

  /**
   * Tells that this node's interest in {@code topic} may have changed. The broker asks {@link
   * Receiver#hasLocalMembers} when it acts on it, so calls that race settle on the latest state.
   */
  void interestChanged(String topic);

  /** Stops delivering and releases what the broker holds. */
  void close();

  /**
   * Receives envelopes from other nodes. Implemented by the manager; thread-safe and non-blocking.
   */
  interface Receiver {

    /** Delivers an envelope that another node published to this node's connections. */
    void deliver(Envelope envelope);

    /** Returns whether any connection of this node has joined {@code topic}. */
    boolean hasLocalMembers(String topic);

    /** Reports that {@code missed} envelopes from {@code originNode} were lost. */
    void gap(String originNode, long missed);

    /** Reports that the broker lost its connection and has now restored it. */
    void reconnected();

    /**
     * Reports that an envelope this node published could not be sent to the other nodes, so that
     * the loss is counted where it happened as well as, as a gap, where it is missed.
     */
    void publishFailed();
  }
}
